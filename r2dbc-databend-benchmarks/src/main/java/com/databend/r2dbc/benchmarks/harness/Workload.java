package com.databend.r2dbc.benchmarks.harness;

/** What a client run does; its sizes are in the {@link Job}. */
enum Workload {

    /** {@link #mixedSql} of {@code rows} rows, every value read. */
    READ,

    /** {@code queries} {@code SELECT 1} one after another on one connection, after unmeasured warm-up queries. */
    SELECT_ONE,

    /** {@code queries} mixed reads of {@code rows} rows at once, each on a connection of its own. */
    CONCURRENT,

    /**
     * {@code rows} rows (BIGINT, VARCHAR, DOUBLE) through the client's batch; the raw client uploads a CSV file.
     * {@code queries} batches of the same rows go first, unmeasured.
     */
    BULK_INSERT,

    /** {@code rows} rows through {@code DatabendLoader.loadRows} from a generated {@code Flux}. */
    LOAD_ROWS;

    static final String BULK_TABLE = "bench_bulk";

    static final String BULK_INSERT_SQL = "INSERT INTO " + BULK_TABLE + " VALUES (?, ?, ?)";

    static final String READ_BACK_SQL = "SELECT count(*), sum(id) FROM " + BULK_TABLE;

    static final String[] CREATE_BULK_TABLE = {"DROP TABLE IF EXISTS " + BULK_TABLE,
        "CREATE TABLE " + BULK_TABLE + " (id BIGINT, s VARCHAR, f DOUBLE)"};

    /** The mixed read of the issue: an integer, a string, a double and a decimal per row. */
    static String mixedSql(long rows) {
        return "SELECT number, number::VARCHAR, number::DOUBLE/3, (number%100000)::DECIMAL(12,2) FROM numbers("
            + rows + ")";
    }

    static final int MIXED_COLUMNS = 4;

    /** The string column of bulk row {@code id}. */
    static String bulkName(long id) {
        return "name-" + id;
    }

    /** The double column of bulk row {@code id}: exact in binary, so the same in every client's text. */
    static double bulkValue(long id) {
        return id * 0.25;
    }

    /** The read-back of {@code batches} bulk loads of {@code rows} rows each: their count and the sum of their ids. */
    static Outcome bulkReadBack(long rows, int batches) {
        return new Outcome(rows * batches, rows * (rows - 1) / 2 * batches);
    }
}
