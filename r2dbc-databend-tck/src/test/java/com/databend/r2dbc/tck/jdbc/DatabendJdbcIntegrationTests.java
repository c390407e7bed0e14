package com.databend.r2dbc.tck.jdbc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDate;

import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.EmbeddedServerExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The fidelity proof: databend-jdbc 0.2.8, a client nobody here wrote, runs real work against the embedded server.
 */
class DatabendJdbcIntegrationTests {

    private static final String ROOT_PASSWORD = "root-secret";

    // databend-jdbc 0.2.8 sends no Authorization header at all when the password is empty, which Databend
    // refuses (5100), so root gets a password here
    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.rootPassword(ROOT_PASSWORD));

    private static DatabendTestServer server;

    @BeforeAll
    static void loadDriver() throws ClassNotFoundException {
        Class.forName("com.databend.jdbc.DatabendDriver");
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DatabendJdbc.connect(server, user, password);
    }

    @Test
    void bookstoreFlowAsAGrantedUser() throws SQLException {
        try (Connection root = connect("root", ROOT_PASSWORD); Statement statement = root.createStatement()) {
            statement.execute("CREATE USER user1 IDENTIFIED BY 'abc123'");
            statement.execute("GRANT ALL ON *.* TO user1");
        }
        try (Connection connection = connect("user1", "abc123"); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE bookstore");
            statement.execute("USE bookstore");
            statement.execute("CREATE TABLE booklist(title VARCHAR, author VARCHAR, date VARCHAR)");
            statement.execute("INSERT INTO booklist VALUES('Readings in Database Systems', 'Michael Stonebraker', "
                + "'2004')");
            try (ResultSet resultSet = statement.executeQuery("SELECT * FROM booklist")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("Readings in Database Systems");
                assertThat(resultSet.getString("author")).isEqualTo("Michael Stonebraker");
                assertThat(resultSet.getString(3)).isEqualTo("2004");
                assertThat(resultSet.next()).isFalse();
            }
            statement.execute("DROP TABLE booklist");
            statement.execute("DROP DATABASE bookstore");
        }
    }

    @Test
    void everyTypeReadsBackAsItsJavaValue() throws SQLException {
        try (Connection connection = connect("root", ROOT_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS jdbc_types");
            statement.execute("CREATE TABLE jdbc_types.all_types(b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, "
                + "i64 BIGINT, u8 TINYINT UNSIGNED, u64 BIGINT UNSIGNED, f32 FLOAT, f64 DOUBLE, d DECIMAL(10, 2), "
                + "s VARCHAR, dt DATE, ts TIMESTAMP, v VARIANT, a ARRAY(INT), m MAP(STRING, INT), t TUPLE(INT, STRING), "
                + "bin BINARY, n INT NULL)");
            statement.execute("INSERT INTO jdbc_types.all_types VALUES (true, -8, -16, -32, -64, 200, "
                + "18446744073709551615, 1.5, 2.25, 12345678.91, 'hello', '2024-04-10', '2021-12-20 17:01:01', "
                + "'{\"k\":\"v\"}', [1, 2], {'k1': 1}, (7, 'ab'), 'hello', NULL)");
            try (ResultSet resultSet = statement.executeQuery("SELECT * FROM jdbc_types.all_types")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getBoolean("b")).isTrue();
                assertThat(resultSet.getByte("i8")).isEqualTo((byte) -8);
                assertThat(resultSet.getShort("i16")).isEqualTo((short) -16);
                assertThat(resultSet.getInt("i32")).isEqualTo(-32);
                assertThat(resultSet.getLong("i64")).isEqualTo(-64L);
                assertThat(resultSet.getInt("u8")).isEqualTo(200);
                assertThat(resultSet.getString("u64")).isEqualTo("18446744073709551615");
                assertThat(resultSet.getFloat("f32")).isEqualTo(1.5f);
                assertThat(resultSet.getDouble("f64")).isEqualTo(2.25d);
                assertThat(resultSet.getBigDecimal("d")).isEqualByComparingTo(new BigDecimal("12345678.91"));
                assertThat(resultSet.getString("s")).isEqualTo("hello");
                assertThat(resultSet.getDate("dt").toLocalDate()).isEqualTo(LocalDate.of(2024, 4, 10));
                assertThat(resultSet.getString("ts")).startsWith("2021-12-20 17:01:01");
                assertThat(resultSet.getString("v")).isEqualTo("{\"k\":\"v\"}");
                assertThat(resultSet.getString("a")).isEqualTo("[1,2]");
                assertThat(resultSet.getString("m")).isEqualTo("{\"k1\":1}");
                assertThat(resultSet.getString("t")).isEqualTo("(7,\"ab\")");
                assertThat(resultSet.getString("bin")).isEqualTo("68656C6C6F");
                assertThat(resultSet.getObject("b")).isEqualTo(Boolean.TRUE);
                assertThat(resultSet.getObject("i32")).isEqualTo(-32);
                assertThat(resultSet.getObject("i64")).isEqualTo(-64L);
                assertThat(resultSet.getObject("u64")).hasToString("18446744073709551615");
                assertThat(resultSet.getObject("d")).isEqualTo(new BigDecimal("12345678.91"));
                assertThat(resultSet.getObject("f64")).isEqualTo(2.25d);
                assertThat(resultSet.getObject("s")).isEqualTo("hello");
                assertThat(resultSet.getTimestamp("ts").toLocalDateTime())
                    .isEqualTo(java.time.LocalDateTime.of(2021, 12, 20, 17, 1, 1));
                assertThat(resultSet.getObject("n")).isNull();
                assertThat(resultSet.wasNull()).isTrue();
                ResultSetMetaData metaData = resultSet.getMetaData();
                assertThat(metaData.getColumnCount()).isEqualTo(19);
                assertThat(metaData.getColumnName(1)).isEqualTo("b");
            }
            statement.execute("DROP DATABASE jdbc_types");
        }
    }

    @Test
    void useAndSetAreKeptAcrossStatementsOfOneConnection() throws SQLException {
        try (Connection connection = connect("root", ROOT_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE IF NOT EXISTS jdbc_session");
            statement.execute("USE jdbc_session");
            try (ResultSet resultSet = statement.executeQuery("SELECT database()")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("jdbc_session");
            }
            statement.execute("CREATE TABLE ts(t TIMESTAMP)");
            statement.execute("INSERT INTO ts VALUES ('2021-12-20 17:01:01')");
            statement.execute("SET timezone = 'Asia/Shanghai'");
            try (ResultSet resultSet = statement.executeQuery("SELECT t FROM ts")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).startsWith("2021-12-21 01:01:01");
            }
            statement.execute("DROP DATABASE jdbc_session");
        }
    }

    @Test
    void executeBatchWithTheDefaultPresignSettingUploadsThroughAPresignedUrl() throws SQLException {
        // a batch that went through /v1/upload_to_stage instead would meet this fault and fail
        server.faults().failNext("PUT /v1/upload_to_stage", 1, 500);
        try (Connection connection = DatabendJdbc.connectWithDefaults(server, "root", ROOT_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE jdbc_batch(id INT, name VARCHAR, score DOUBLE)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jdbc_batch VALUES (?, ?, ?)")) {
                for (int i = 1; i <= 2000; i++) {
                    insert.setInt(1, i);
                    if (i % 500 == 0) {
                        insert.setNull(2, Types.VARCHAR);
                    } else {
                        insert.setString(2, "name, \"" + i + "\"");
                    }
                    insert.setDouble(3, i + 0.25);
                    insert.addBatch();
                }
                int[] counts = insert.executeBatch();
                assertThat(counts).hasSize(2000);
            }
            try (ResultSet resultSet = statement.executeQuery(
                "SELECT count(*), sum(id), count(name), max(score) FROM jdbc_batch")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(2000L);
                assertThat(resultSet.getLong(2)).isEqualTo(2001000L);
                assertThat(resultSet.getLong(3)).isEqualTo(1996L);
                assertThat(resultSet.getDouble(4)).isEqualTo(2000.25);
            }
            try (ResultSet resultSet = statement.executeQuery("SELECT name FROM jdbc_batch WHERE id = 7")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getString(1)).isEqualTo("name, \"7\"");
            }
            statement.execute("DROP TABLE jdbc_batch");
        } finally {
            assertThat(server.faults().injectedCount()).isZero();
            server.faults().clear();
        }
    }

    @Test
    void preparedQueriesAndLargeResults() throws SQLException {
        try (Connection connection = connect("root", ROOT_PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS jdbc_params(id INT, name VARCHAR)");
            statement.execute("INSERT INTO jdbc_params VALUES (1, 'it''s'), (2, 'other')");
            try (PreparedStatement select = connection.prepareStatement("SELECT name FROM jdbc_params WHERE id = ?")) {
                select.setInt(1, 1);
                try (ResultSet resultSet = select.executeQuery()) {
                    assertThat(resultSet.next()).isTrue();
                    assertThat(resultSet.getString(1)).isEqualTo("it's");
                    assertThat(resultSet.next()).isFalse();
                }
            }
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM numbers(100000)")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(100000L);
            }
            long rows = 0;
            try (ResultSet resultSet = statement.executeQuery("SELECT number FROM numbers(50000)")) {
                while (resultSet.next()) {
                    assertThat(resultSet.getLong(1)).isEqualTo(rows);
                    rows++;
                }
            }
            assertThat(rows).isEqualTo(50000);
            // 0.2.8's executeUpdate(String) is a stub returning 0 without running anything: use execute()
            statement.execute("UPDATE jdbc_params SET name = 'x' WHERE id > 0");
            try (ResultSet resultSet = statement.executeQuery("SELECT count(*) FROM jdbc_params WHERE name = 'x'")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getInt(1)).isEqualTo(2);
            }
            statement.execute("DROP TABLE jdbc_params");
        }
    }

    @Test
    void sqlErrorsSurfaceWithTheirDatabendCode() throws SQLException {
        try (Connection connection = connect("root", ROOT_PASSWORD); Statement statement = connection.createStatement()) {
            SQLException unknownTable = catchThrowableOfType(SQLException.class,
                () -> statement.executeQuery("SELECT * FROM t_does_not_exist"));
            assertThat(databendCode(unknownTable)).as(String.valueOf(unknownTable)).isEqualTo(1025);
            SQLException unknownColumn = catchThrowableOfType(SQLException.class,
                () -> statement.executeQuery("select a"));
            assertThat(databendCode(unknownColumn)).as(String.valueOf(unknownColumn)).isEqualTo(1065);
        }
    }

    @Test
    void wrongPasswordIsRefusedWithDatabendsAuthenticationCode() {
        // 0.2.8 runs a statement while connecting and reports its failure as a RuntimeException
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> connect("root", "wrong"));
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("5100").contains("incorrect password");
    }

    /** The Databend code of a failure: the vendor code when the client sets it, else the code in its message. */
    private static int databendCode(SQLException exception) {
        if (exception == null) {
            return -1;
        }
        if (exception.getErrorCode() != 0) {
            return exception.getErrorCode();
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("code[\\s:=]*(\\d{4})",
            java.util.regex.Pattern.CASE_INSENSITIVE).matcher(String.valueOf(exception.getMessage()));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

}
