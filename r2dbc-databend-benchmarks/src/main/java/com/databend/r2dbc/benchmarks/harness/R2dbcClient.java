package com.databend.r2dbc.benchmarks.harness;

import com.databend.r2dbc.api.DatabendLoader;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** This driver: every value read through {@code Row.get(i)}, batches through {@code Statement.add()}. */
final class R2dbcClient implements Client {

    static final String NAME = "r2dbc";

    private ConnectionFactory factory;

    private Connection connection;

    @Override
    public void prepare(Job job) {
        this.factory = ConnectionFactories.get("r2dbc:databend://" + ServerProcess.USER + ":"
            + ServerProcess.PASSWORD + "@" + job.server().getHost() + ":"
            + job.server().getPort() + "/default");
        this.connection = Mono.from(this.factory.create()).block();
        switch (job.workload()) {
            case BULK_INSERT, LOAD_ROWS -> {
                for (String sql : Workload.CREATE_BULK_TABLE) {
                    Flux.from(this.connection.createStatement(sql).execute())
                        .flatMap(Result::getRowsUpdated).then().block();
                }
            }
            case SELECT_ONE -> selectOne(job.warmupQueries());
            default -> {
            }
        }
    }

    @Override
    public Outcome run(Job job) {
        return switch (job.workload()) {
            case READ -> Outcome.of(read(this.connection, Workload.mixedSql(job.rows()), Workload.MIXED_COLUMNS)
                .block());
            case SELECT_ONE -> Outcome.of(selectOne(job.queries()));
            case CONCURRENT -> Outcome.of(concurrent(job));
            case BULK_INSERT -> new Outcome(insertBatch(job.rows()), 0);
            case LOAD_ROWS -> new Outcome(loadRows(job.rows()), 0);
        };
    }

    @Override
    public Outcome readBack(Job job, Outcome measured) {
        if (job.workload() != Workload.BULK_INSERT && job.workload() != Workload.LOAD_ROWS) {
            return measured;
        }
        return Flux.from(this.connection.createStatement(Workload.READ_BACK_SQL).execute())
            .flatMap(result -> result.map((row, metadata) -> new Outcome(((Number) row.get(0)).longValue(),
                ((Number) row.get(1)).longValue())))
            .single()
            .block();
    }

    private static Mono<Checksum> read(Connection connection, String sql, int columns) {
        Checksum checksum = new Checksum();
        return Flux.from(connection.createStatement(sql).execute())
            .concatMap(result -> result.map((row, metadata) -> {
                for (int i = 0; i < columns; i++) {
                    checksum.cell(row.get(i));
                }
                checksum.endRow();
                return Boolean.TRUE;
            }))
            .then(Mono.just(checksum));
    }

    private Checksum selectOne(int queries) {
        Checksum total = new Checksum();
        for (int i = 0; i < queries; i++) {
            total.add(read(this.connection, "SELECT 1", 1).block());
        }
        return total;
    }

    /** Every query on a connection of its own, all subscribed at once. */
    private Checksum concurrent(Job job) {
        String sql = Workload.mixedSql(job.rows());
        return Flux.range(0, job.queries())
            .flatMap(i -> Mono.usingWhen(this.factory.create(), c -> read(c, sql, Workload.MIXED_COLUMNS),
                Connection::close), job.queries())
            .reduce(new Checksum(), (total, one) -> {
                total.add(one);
                return total;
            })
            .block();
    }

    private long insertBatch(long rows) {
        Statement statement = this.connection.createStatement(Workload.BULK_INSERT_SQL);
        for (long id = 0; id < rows; id++) {
            if (id > 0) {
                statement.add();
            }
            statement.bind(0, id).bind(1, Workload.bulkName(id)).bind(2, Workload.bulkValue(id));
        }
        return Flux.from(statement.execute()).flatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block();
    }

    private long loadRows(long rows) {
        Flux<Object[]> generated = Flux.range(0, Math.toIntExact(rows))
            .map(i -> new Object[] {(long) i, Workload.bulkName(i), Workload.bulkValue(i)});
        return DatabendLoader.of(this.connection).loadRows(Workload.BULK_INSERT_SQL, generated).block().rows();
    }

    @Override
    public void close() {
        if (this.connection != null) {
            Mono.from(this.connection.close()).block();
        }
    }
}
