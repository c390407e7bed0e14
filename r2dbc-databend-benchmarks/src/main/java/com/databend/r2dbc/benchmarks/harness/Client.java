package com.databend.r2dbc.benchmarks.harness;

/** One of the compared clients, running a {@link Job} inside the client JVM. */
interface Client extends AutoCloseable {

    /** Connects and sets up (tables, warm-up queries): not measured. */
    void prepare(Job job) throws Exception;

    /** The measured work. */
    Outcome run(Job job) throws Exception;

    /** The CPU time of the processes {@link #run} started and waited for, which the JVM's own CPU time leaves out. */
    default long childProcessCpuNanos() {
        return 0;
    }

    /** After a write, what the server holds ({@link Workload#READ_BACK_SQL}); after a read, {@code measured}. */
    Outcome readBack(Job job, Outcome measured) throws Exception;

    /** The name the harness calls the client by on the client JVM's command line. */
    static Client named(String name) {
        return switch (name) {
            case R2dbcClient.NAME -> new R2dbcClient();
            case JdbcClient.NAME -> new JdbcClient();
            case RawClient.NAME -> new RawClient();
            case CurlClient.NAME -> new CurlClient();
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }
}
