package com.databend.r2dbc.benchmarks.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * databend-jdbc 0.2.8 with its default settings: every value read through {@code ResultSet.getObject(i)}, batches
 * through {@code executeBatch}, concurrent queries each on a thread and a connection of its own.
 */
final class JdbcClient implements Client {

    static final String NAME = "jdbc";

    private String url;

    private Connection connection;

    @Override
    public void prepare(Job job) throws SQLException {
        this.url = "jdbc:databend://" + job.server().getHost() + ":" + job.server().getPort() + "/default";
        this.connection = connect();
        switch (job.workload()) {
            case BULK_INSERT -> {
                try (Statement statement = this.connection.createStatement()) {
                    for (String sql : Workload.CREATE_BULK_TABLE) {
                        statement.execute(sql);
                    }
                }
            }
            case SELECT_ONE -> selectOne(job.warmupQueries());
            case LOAD_ROWS -> throw new IllegalArgumentException("databend-jdbc has no reactive load API");
            default -> {
            }
        }
    }

    @Override
    public Outcome run(Job job) throws Exception {
        return switch (job.workload()) {
            case READ -> Outcome.of(read(this.connection, Workload.mixedSql(job.rows()), Workload.MIXED_COLUMNS));
            case SELECT_ONE -> Outcome.of(selectOne(job.queries()));
            case CONCURRENT -> Outcome.of(concurrent(job));
            case BULK_INSERT -> new Outcome(insertBatch(job.rows()), 0);
            case LOAD_ROWS -> throw new IllegalArgumentException("databend-jdbc has no reactive load API");
        };
    }

    @Override
    public Outcome readBack(Job job, Outcome measured) throws SQLException {
        if (job.workload() != Workload.BULK_INSERT) {
            return measured;
        }
        try (Statement statement = this.connection.createStatement();
             ResultSet rows = statement.executeQuery(Workload.READ_BACK_SQL)) {
            rows.next();
            return new Outcome(((Number) rows.getObject(1)).longValue(), ((Number) rows.getObject(2)).longValue());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", ServerProcess.USER);
        properties.setProperty("password", ServerProcess.PASSWORD);
        return DriverManager.getConnection(this.url, properties);
    }

    private static Checksum read(Connection connection, String sql, int columns) throws SQLException {
        Checksum checksum = new Checksum();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                for (int i = 1; i <= columns; i++) {
                    checksum.cell(rows.getObject(i));
                }
                checksum.endRow();
            }
        }
        return checksum;
    }

    private Checksum selectOne(int queries) throws SQLException {
        Checksum total = new Checksum();
        for (int i = 0; i < queries; i++) {
            total.add(read(this.connection, "SELECT 1", 1));
        }
        return total;
    }

    /** A thread per query, as a blocking client needs for that many queries at once. */
    private Checksum concurrent(Job job) throws Exception {
        String sql = Workload.mixedSql(job.rows());
        ExecutorService threads = Executors.newFixedThreadPool(job.queries());
        try {
            List<Future<Checksum>> queries = new ArrayList<>();
            for (int i = 0; i < job.queries(); i++) {
                queries.add(threads.submit(() -> {
                    try (Connection own = connect()) {
                        return read(own, sql, Workload.MIXED_COLUMNS);
                    }
                }));
            }
            Checksum total = new Checksum();
            for (Future<Checksum> query : queries) {
                total.add(query.get());
            }
            return total;
        } finally {
            threads.shutdownNow();
        }
    }

    private long insertBatch(long rows) throws SQLException {
        try (PreparedStatement insert = this.connection.prepareStatement(Workload.BULK_INSERT_SQL)) {
            for (long id = 0; id < rows; id++) {
                insert.setLong(1, id);
                insert.setString(2, Workload.bulkName(id));
                insert.setDouble(3, Workload.bulkValue(id));
                insert.addBatch();
            }
            long written = 0;
            for (int count : insert.executeBatch()) {
                written += Math.max(count, 0);
            }
            return written;
        }
    }

    @Override
    public void close() throws SQLException {
        if (this.connection != null) {
            this.connection.close();
        }
    }
}
