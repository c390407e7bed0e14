package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.TestDatabend;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.ValidationDepth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** URL → factory → connection → statement → streamed rows → decoded values, against the target server. */
class CorePathIntegrationTests {

    private static ConnectionFactory root;
    private static Connection admin;

    @BeforeAll
    static void createUser() {
        root = TestDatabend.rootFactory("default");
        admin = connect(root);
        exec(admin, "CREATE USER IF NOT EXISTS user1 IDENTIFIED BY 'abc123'");
        exec(admin, "GRANT ALL ON *.* TO user1");
    }

    @AfterAll
    static void closeAdmin() {
        close(admin);
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    @Test
    void bookstoreFlowAsUser1() {
        String database = unique("bookstore");
        ConnectionFactory user1 = TestDatabend.factory("user1", "abc123", "default", "");
        Connection connection = connect(user1);
        try {
            exec(connection, "CREATE DATABASE " + database);
            exec(connection, "USE " + database);
            exec(connection, "CREATE TABLE books (title VARCHAR, author VARCHAR, date VARCHAR)");
            long inserted = Flux.from(connection.createStatement("INSERT INTO books VALUES (?, ?, ?)")
                            .bind(0, "Readings in Database Systems").bind(1, "Michael Stonebraker").bind(2, "2004")
                            .execute())
                    .concatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block(Sql.TIMEOUT);
            assertThat(inserted).isEqualTo(1);
            List<String> lines = Flux.from(connection.createStatement("SELECT * FROM books").execute())
                    .concatMap(r -> r.map((row, md) -> row.get("title", String.class) + " "
                            + row.get("AUTHOR", String.class) + " " + row.get(2, String.class)))
                    .collectList().block(Sql.TIMEOUT);
            assertThat(lines).containsExactly("Readings in Database Systems Michael Stonebraker 2004");
            exec(connection, "DROP TABLE books");
        } finally {
            exec(connection, "DROP DATABASE IF EXISTS " + database);
            close(connection);
        }
    }

    @Test
    void urlFromIssueTextGivesAWorkingFactory() {
        ConnectionFactory factory = ConnectionFactories.get(TestDatabend.target()
                .r2dbcUrl("user1", "abc123", "default"));
        Connection connection = connect(factory);
        List<List<Object>> rows = rows(connection, "SELECT 1 + 1 AS two");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).hasToString("2");
        assertThat(connection.getMetadata().getDatabaseProductName()).isEqualTo("Databend");
        assertThat(connection.getMetadata().getDatabaseVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        close(connection);
    }

    /** Inserts {@code values} as one row, each bound to its marker; the table then holds exactly that row. */
    private static void insertAndReadBack(Connection connection, String table, Object... values) {
        Statement statement = connection.createStatement("INSERT INTO " + table + " VALUES ("
                + String.join(", ", Collections.nCopies(values.length, "?")) + ")");
        for (int i = 0; i < values.length; i++) {
            statement.bind(i, values[i]);
        }
        long inserted = Flux.from(statement.execute()).concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum).block(Sql.TIMEOUT);
        assertThat(inserted).isEqualTo(1);
        List<List<Object>> read = rows(connection, "SELECT * FROM " + table);
        assertThat(read).hasSize(1);
        assertThat(read.get(0)).containsExactly(values);
    }

    @Test
    void everyBoundTypeIsInsertedAndReadBackEqual() {
        String table = unique("types");
        Connection connection = connect(root);
        try {
            exec(connection, "CREATE TABLE " + table + " (b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT,"
                    + " f64 DOUBLE, d DECIMAL(10, 2), s VARCHAR, dt DATE, ts TIMESTAMP)");
            Object[] values = {true, (byte) -5, (short) 300, 70000, 5_000_000_000L, 2.5d,
                    new BigDecimal("1234.56"), "it's \\ \"quoted\"", java.time.LocalDate.of(2024, 4, 10),
                    java.time.LocalDateTime.of(2021, 12, 20, 17, 1, 1)};
            insertAndReadBack(connection, table, values);
            var nulls = connection.createStatement("INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            Class<?>[] types = {Boolean.class, Byte.class, Short.class, Integer.class, Long.class, Double.class,
                    BigDecimal.class, String.class, java.time.LocalDate.class, java.time.LocalDateTime.class};
            for (int i = 0; i < types.length; i++) {
                nulls.bindNull(i, types[i]);
            }
            Flux.from(nulls.execute()).concatMap(Result::getRowsUpdated).blockLast(Sql.TIMEOUT);
            List<List<Object>> withNulls = rows(connection, "SELECT * FROM " + table + " WHERE b IS NULL");
            assertThat(withNulls).hasSize(1);
            assertThat(withNulls.get(0)).containsOnlyNulls();
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    @Test
    void columnMetadataDescribesDatabendTypes() {
        Connection connection = connect(root);
        var metadata = Flux.from(connection.createStatement("SELECT 1::INT AS a, 'x' AS b, 1.5 AS c").execute())
                .concatMap(r -> r.map((row, md) -> md)).blockFirst(Sql.TIMEOUT);
        assertThat(metadata.getColumnMetadata("A").getNativeTypeMetadata()).isEqualTo("Int32");
        assertThat(metadata.getColumnMetadata("a").getJavaType()).isEqualTo(Integer.class);
        assertThat(metadata.getColumnMetadata("b").getJavaType()).isEqualTo(String.class);
        assertThat(metadata.getColumnMetadata("c").getScale()).isEqualTo(1);
        String table = unique("meta");
        try {
            exec(connection, "CREATE TABLE " + table + " (n INT NOT NULL, s VARCHAR NULL, d DECIMAL(10, 2) NULL,"
                    + " ts TIMESTAMP NULL)");
            exec(connection, "INSERT INTO " + table + " VALUES (1, 'x', 12.34, '2024-01-02 03:04:05')");
            var columns = Flux.from(connection.createStatement("SELECT n, s, d, ts FROM " + table).execute())
                    .concatMap(r -> r.map((row, md) -> {
                        assertThat(row.get("N")).isEqualTo(1);
                        assertThat(row.get("Ts", java.time.LocalDateTime.class))
                                .isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5));
                        return md;
                    })).blockFirst(Sql.TIMEOUT).getColumnMetadatas();
            assertThat(columns).extracting(io.r2dbc.spi.ColumnMetadata::getName).containsExactly("n", "s", "d", "ts");
            assertThat(columns).extracting(io.r2dbc.spi.ColumnMetadata::getNullability).containsExactly(
                    io.r2dbc.spi.Nullability.NON_NULL, io.r2dbc.spi.Nullability.NULLABLE,
                    io.r2dbc.spi.Nullability.NULLABLE, io.r2dbc.spi.Nullability.NULLABLE);
            assertThat(columns).extracting(io.r2dbc.spi.ColumnMetadata::getJavaType).containsExactly(
                    Integer.class, String.class, BigDecimal.class, java.time.LocalDateTime.class);
            assertThat(columns.get(2).getNativeTypeMetadata()).isEqualTo("Nullable(Decimal(10, 2))");
            assertThat(columns.get(2).getPrecision()).isEqualTo(10);
            assertThat(columns.get(2).getScale()).isEqualTo(2);
            assertThat(columns.get(2).getType().getJavaType()).isEqualTo(BigDecimal.class);
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    @Test
    void useAndSetPersistThroughTheSession() {
        String database = unique("usedb");
        Connection connection = connect(root);
        try {
            exec(connection, "CREATE DATABASE " + database);
            exec(connection, "USE " + database);
            assertThat(rows(connection, "SELECT currentDatabase()")).containsExactly(List.of(database));
            exec(connection, "SET timezone = 'Asia/Shanghai'");
            java.time.Instant instant = Flux.from(connection.createStatement(
                            "SELECT '2021-12-21 01:01:01'::TIMESTAMP").execute())
                    .concatMap(r -> r.map(row -> row.get(0, java.time.Instant.class))).blockFirst(Sql.TIMEOUT);
            assertThat(instant).isEqualTo(java.time.Instant.parse("2021-12-20T17:01:01Z"));
        } finally {
            exec(connection, "DROP DATABASE IF EXISTS " + database);
            close(connection);
        }
    }

    @Test
    void commitAndRollbackAreSeenFromASecondConnection() {
        String table = unique("txn");
        Connection first = connect(root);
        Connection second = connect(root);
        try {
            exec(first, "CREATE TABLE " + table + " (a INT)");
            Mono.from(first.beginTransaction()).block(Sql.TIMEOUT);
            assertThat(first.isAutoCommit()).isFalse();
            exec(first, "INSERT INTO " + table + " VALUES (1)");
            assertThat(rows(second, "SELECT count(*) FROM " + table).get(0).get(0).toString()).isEqualTo("0");
            Mono.from(first.commitTransaction()).block(Sql.TIMEOUT);
            assertThat(rows(second, "SELECT count(*) FROM " + table).get(0).get(0).toString()).isEqualTo("1");

            Mono.from(first.setAutoCommit(false)).block(Sql.TIMEOUT);
            exec(first, "INSERT INTO " + table + " VALUES (2)");
            assertThat(first.isAutoCommit()).isFalse();
            Mono.from(first.rollbackTransaction()).block(Sql.TIMEOUT);
            assertThat(rows(second, "SELECT count(*) FROM " + table).get(0).get(0).toString()).isEqualTo("1");
            Mono.from(first.setAutoCommit(true)).block(Sql.TIMEOUT);
            assertThat(first.isAutoCommit()).isTrue();
        } finally {
            exec(second, "DROP TABLE IF EXISTS " + table);
            close(first);
            close(second);
        }
    }

    @Test
    void twoStatementsInOneTextGiveTwoResults() {
        Connection connection = connect(root);
        List<String> values = Flux.from(connection.createStatement("SELECT 1; SELECT 'a;b'").execute())
                .index()
                .concatMap(r -> r.getT2().map(row -> "result " + r.getT1() + ": " + row.get(0)))
                .collectList().block(Sql.TIMEOUT);
        assertThat(values).containsExactly("result 0: 1", "result 1: a;b");
        close(connection);
    }

    @Test
    void eachDataChangeGivesExactlyOneUpdateCount() {
        String table = unique("counts");
        Connection connection = connect(root);
        try {
            exec(connection, "CREATE TABLE " + table + " (a INT)");
            assertThat(segments(connection, "INSERT INTO " + table + " VALUES (1), (2), (3)")).containsExactly("count 3");
            assertThat(segments(connection, "UPDATE " + table + " SET a = a + 10 WHERE a > 1")).containsExactly("count 2");
            assertThat(segments(connection, "DELETE FROM " + table + " WHERE a > 100")).containsExactly("count 0");
            assertThat(segments(connection, "DELETE FROM " + table + " WHERE a = 1")).containsExactly("count 1");
            assertThat(segments(connection, "SELECT a FROM " + table + " ORDER BY a")).containsExactly("row 12", "row 13");
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    /** Every segment of the statement's results: "count N", "row V" (first column) or "message M". */
    private static List<String> segments(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.flatMap(segment -> Mono.just(
                        segment instanceof Result.UpdateCount count ? "count " + count.value()
                                : segment instanceof Result.RowSegment row ? "row " + row.row().get(0)
                                : "message " + ((Result.Message) segment).message())))
                .collectList().block(Sql.TIMEOUT);
    }

    @Test
    void badSqlFailsWithBadGrammarAndCode() {
        Connection connection = connect(root);
        StepVerifier.create(Flux.from(connection.createStatement("SELECT no_such_column FROM numbers(1)").execute())
                        .concatMap(Result::getRowsUpdated))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcBadGrammarException.class);
                    assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(1065);
                    // the caret underlines the column: one character on the embedded server, more on some versions
                    assertThat(error).hasMessageMatching(java.util.regex.Pattern.quote("[1065] error: \n  --> SQL:1:8\n"
                            + "  |\n1 | SELECT no_such_column FROM numbers(1)\n  |        ") + "\\^+"
                            + java.util.regex.Pattern.quote(" column no_such_column doesn't exist [query id ")
                            + "[0-9a-f]{32}]");
                })
                .verify(Sql.TIMEOUT);
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Sql.TIMEOUT)).isTrue();
        close(connection);
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block(Sql.TIMEOUT)).isFalse();
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Sql.TIMEOUT)).isFalse();
    }

    @Test
    void wrongPasswordFailsAtConnect() {
        ConnectionFactory factory = TestDatabend.factory("user1", "wrong-password-123", "default", "");
        StepVerifier.create(factory.create())
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcPermissionDeniedException.class);
                    assertThat(error.getMessage()).doesNotContain("wrong-password-123");
                })
                .verify(Sql.TIMEOUT);
    }

    @Test
    void deadServerPortFailsWithTransientError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ConnectionFactory factory = ConnectionFactories.get("r2dbc:databend://root:@127.0.0.1:" + port
                + "/default?retryCount=1&connectTimeout=PT2S");
        StepVerifier.create(factory.create())
                .expectError(R2dbcTransientResourceException.class)
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void poolUrlWorksThroughR2dbcPool() {
        var target = TestDatabend.target();
        String url = target.r2dbcUrl("default").replace("databend://", "pool:databend://") + "?maxSize=2";
        ConnectionFactory pooled = ConnectionFactories.get(url);
        assertThat(pooled.getClass().getName()).isEqualTo("io.r2dbc.pool.ConnectionPool");
        List<Integer> values = Flux.range(0, 6)
                .flatMap(i -> Flux.usingWhen(pooled.create(),
                        c -> Flux.from(c.createStatement("SELECT " + i).execute())
                                .concatMap(r -> r.map(row -> row.get(0, Integer.class))),
                        Connection::close))
                .collectList().block(Sql.TIMEOUT);
        assertThat(values).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        Mono.from(((io.r2dbc.spi.Closeable) pooled).close()).block(Sql.TIMEOUT);
    }

    @Test
    void batchRunsEachStatementInOrder() {
        String table = unique("batch");
        Connection connection = connect(root);
        try {
            List<Long> counts = Flux.from(connection.createBatch()
                            .add("CREATE TABLE " + table + " (a INT)")
                            .add("INSERT INTO " + table + " VALUES (1), (2)")
                            .add("INSERT INTO " + table + " VALUES (3)")
                            .execute())
                    .concatMap(Result::getRowsUpdated)
                    .collectList().block(Sql.TIMEOUT);
            assertThat(counts).containsExactly(2L, 1L);
            long added = Flux.from(connection.createStatement("INSERT INTO " + table + " VALUES (?)")
                            .bind(0, 10).add()
                            .bind(0, 11).add()
                            .bind(0, 12)
                            .execute())
                    .concatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block(Sql.TIMEOUT);
            assertThat(added).isEqualTo(3);
            List<List<Object>> rows = rows(connection, "SELECT a FROM " + table + " ORDER BY a");
            assertThat(rows).extracting(r -> r.get(0).toString()).containsExactly("1", "2", "3", "10", "11", "12");
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    @Test
    void fetchSizeSetsThePageSize() {
        Connection connection = connect(root);
        Result result = Flux.from(connection.createStatement("SELECT number FROM numbers(1000)").fetchSize(100)
                .execute()).blockFirst(Sql.TIMEOUT);
        assertThat(((com.databend.r2dbc.api.DatabendResultInfo) result).bufferedRows()).isLessThanOrEqualTo(100);
        assertThat(Flux.from(result.map(row -> row.get(0, Long.class))).count().block(Sql.TIMEOUT)).isEqualTo(1000L);
        close(connection);
    }

    @Test
    void unsignedFloatBinaryAndNestedValuesRoundTrip() {
        String table = unique("types2");
        Connection connection = connect(root);
        try {
            exec(connection, "CREATE TABLE " + table + " (u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64, f32 Float32,"
                    + " bin Binary, arr Array(Int32))");
            Object[] values = {(short) 200, 60000, 4_000_000_000L, new java.math.BigInteger("18446744073709551615"),
                    1.5f, java.nio.ByteBuffer.wrap(new byte[] {1, 2, (byte) 0xFF}), List.of(1, 2, 3)};
            insertAndReadBack(connection, table, values);
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    @Test
    void namedMarkersBindByName() {
        Connection connection = connect(root);
        List<Object> values = Flux.from(connection.createStatement("SELECT :a + :b, :a")
                        .bind("a", 40).bind("b", 2).execute())
                .concatMap(r -> r.map(row -> row.get(0, Long.class) + "/" + row.get(1, Long.class)))
                .cast(Object.class).collectList().block(Sql.TIMEOUT);
        assertThat(values).containsExactly("42/40");
        close(connection);
    }

    @Test
    void olderServersGetLiteralsThatKeepHostileStringsIntact() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabend.embedded() != null,
                "an old server version needs the embedded server");
        try (var server = com.databend.r2dbc.tck.server.DatabendTestServer.builder().port(0).version("1.2.800")
                .start()) {
            java.net.URI url = java.net.URI.create(server.baseUrl());
            ConnectionFactory factory = ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":"
                    + url.getPort() + "/default");
            Connection connection = connect(factory);
            assertThat(connection.getMetadata().getDatabaseVersion()).startsWith("1.2.800");
            String hostile = "it's \\' OR 1=1 -- \"x\" ; ?";
            List<Object> values = Flux.from(connection.createStatement("SELECT ?, ?").bind(0, hostile).bind(1, 7)
                            .execute())
                    .concatMap(r -> r.map(row -> row.get(0, String.class) + "|" + row.get(1, Long.class)))
                    .cast(Object.class).collectList().block(Sql.TIMEOUT);
            assertThat(values).containsExactly(hostile + "|7");
            close(connection);
        }
    }
}
