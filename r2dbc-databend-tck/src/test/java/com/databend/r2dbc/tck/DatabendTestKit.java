package com.databend.r2dbc.tck;

import com.databend.jdbc.DatabendDriver;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.test.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The R2DBC TCK ({@link TestKit}) against the target Databend: tables are set up by databend-jdbc 0.2.8 (an
 * independent client) and exercised through our driver. Parameters are {@code :p0}, {@code :p1} bound by name.
 *
 * <p>Overridden tests, each for a feature Databend itself lacks, assert the driver's documented answer instead:
 * savepoints ({@link #savePoint()}, {@link #savePointStartsTransaction()}) and generated keys
 * ({@link #returnGeneratedValues()}).
 */
final class DatabendTestKit implements TestKit<String> {

    private static final String DATABASE = "r2dbc_tck";

    // databend-jdbc 0.2.8 sends no credentials for an empty password, so the set-up client gets its own user
    private static final String JDBC_USER = "r2dbc_tck_jdbc";
    private static final String JDBC_PASSWORD = "tck-secret";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static ConnectionFactory connectionFactory;
    private static JdbcTemplate jdbcOperations;

    @BeforeAll
    static void prepare() {
        DatabendTarget target = TestDatabend.target();
        ConnectionFactory admin = TestDatabend.rootFactory("default");
        Flux.usingWhen(admin.create(), connection -> Flux.concat(
                        run(connection, "CREATE DATABASE IF NOT EXISTS " + DATABASE),
                        target.password().isEmpty() ? Flux.concat(
                                run(connection, "CREATE USER IF NOT EXISTS " + JDBC_USER + " IDENTIFIED BY '"
                                        + JDBC_PASSWORD + "'"),
                                run(connection, "GRANT ALL ON *.* TO " + JDBC_USER)) : Flux.empty()),
                Connection::close)
                .then().block(TIMEOUT);
        connectionFactory = TestDatabend.rootFactory(DATABASE);

        Properties properties = new Properties();
        properties.setProperty("user", target.password().isEmpty() ? JDBC_USER : target.user());
        properties.setProperty("password", target.password().isEmpty() ? JDBC_PASSWORD : target.password());
        properties.setProperty("presigned_url_disabled", "true");
        SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new DatabendDriver(),
                target.jdbcUrl(DATABASE));
        dataSource.setConnectionProperties(properties);
        jdbcOperations = new JdbcTemplate(new HexBytesDataSource(dataSource));
    }

    @AfterAll
    static void dropDatabase() {
        jdbcOperations.execute("DROP DATABASE IF EXISTS " + DATABASE);
    }

    private static Flux<Long> run(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated);
    }

    @Override
    public ConnectionFactory getConnectionFactory() {
        return connectionFactory;
    }

    @Override
    public String getPlaceholder(int index) {
        return ":p" + index;
    }

    @Override
    public String getIdentifier(int index) {
        return "p" + index;
    }

    @Override
    public JdbcOperations getJdbcOperations() {
        return jdbcOperations;
    }

    @Override
    public String blobType() {
        return "BINARY";
    }

    @Override
    public String clobType() {
        return "STRING";
    }

    @Override
    public String doGetSql(TestStatement statement) {
        return switch (statement) {
            // Databend takes no length on VARCHAR
            case CREATE_TABLE_TWO_COLUMNS -> "CREATE TABLE test_two_column ( col1 INTEGER, col2 VARCHAR )";
            default -> statement.getSql();
        };
    }

    /**
     * Databend has no savepoints: the transaction works up to the savepoint (reading its own insert, as the TCK
     * checks before creating one), which fails clearly.
     */
    @Override
    @Test
    public void savePoint() {
        getJdbcOperations().execute(expand(TestStatement.INSERT_VALUE100));

        Flux.usingWhen(getConnectionFactory().create(),
                        connection -> Mono.from(connection.beginTransaction())
                                .<Object>thenMany(Flux.from(connection.createStatement(
                                        expand(TestStatement.SELECT_VALUE)).execute()).flatMap(this::extractColumns))
                                .concatWith(Flux.defer(() -> {
                                    Statement statement = connection.createStatement(
                                            expand(TestStatement.INSERT_VALUE_PLACEHOLDER, getPlaceholder(0)));
                                    statement.bind(getIdentifier(0), 200);
                                    return statement.execute();
                                }).flatMap(this::extractRowsUpdated))
                                .concatWith(Flux.from(connection.createStatement(expand(TestStatement.SELECT_VALUE))
                                        .execute()).flatMap(this::extractColumns))
                                .concatWith(connection.createSavepoint("test_savepoint"))
                                .onErrorResume(UnsupportedOperationException.class, error -> Flux.concat(
                                        Mono.just(error.getMessage()),
                                        Flux.from(connection.rollbackTransaction()),
                                        Flux.from(connection.createStatement(expand(TestStatement.SELECT_VALUE))
                                                .execute()).flatMap(this::extractColumns))),
                        Connection::close)
                .as(StepVerifier::create)
                .expectNext(TestKit.collectionOf(100)).as("test_value from select")
                .expectNext(1L).as("rows inserted")
                .expectNext(TestKit.collectionOf(100, 200)).as("the transaction reads its own insert")
                .expectNext("Databend does not support savepoints").as("createSavepoint fails clearly")
                .expectNext(TestKit.collectionOf(100)).as("the transaction is still open and rolls back")
                .verifyComplete();

        Flux.usingWhen(getConnectionFactory().create(),
                        connection -> Flux.concat(connection.releaseSavepoint("s"),
                                connection.rollbackTransactionToSavepoint("s")),
                        Connection::close)
                .as(StepVerifier::create)
                .verifyErrorSatisfies(error -> assertThat(error).isInstanceOf(UnsupportedOperationException.class)
                        .hasMessage("Databend does not support savepoints"));
    }

    /** Databend has no savepoints: {@code createSavepoint} fails and leaves the connection in auto-commit. */
    @Override
    @Test
    public void savePointStartsTransaction() {
        Flux.usingWhen(getConnectionFactory().create(),
                        connection -> Mono.from(connection.createSavepoint("test_savepoint"))
                                .then(Mono.just("no error"))
                                .onErrorResume(UnsupportedOperationException.class,
                                        error -> Mono.just(error.getMessage() + ", autoCommit="
                                                + connection.isAutoCommit())),
                        Connection::close)
                .as(StepVerifier::create)
                .expectNext("Databend does not support savepoints, autoCommit=true")
                .verifyComplete();
    }

    /**
     * Databend has no IDENTITY columns nor server-generated keys: the driver accepts the request (Spring Data R2DBC
     * makes it on every INSERT) and the result carries the update count and no generated rows.
     */
    @Override
    @Test
    public void returnGeneratedValues() {
        Flux.usingWhen(getConnectionFactory().create(),
                        connection -> {
                            Statement statement = connection.createStatement(expand(TestStatement.INSERT_VALUE100));
                            assertThat(statement.returnGeneratedValues()).isSameAs(statement);
                            assertThat(statement.returnGeneratedValues("test_value")).isSameAs(statement);
                            return Flux.from(statement.execute())
                                    .flatMap(result -> result.flatMap(segment -> Mono.just(
                                            segment instanceof Result.UpdateCount count ? "count " + count.value()
                                                    : segment.getClass().getSimpleName())));
                        },
                        Connection::close)
                .as(StepVerifier::create)
                .expectNext("count 1").as("the insert's update count and no generated row")
                .verifyComplete();

        getJdbcOperations().execute(expand(TestStatement.INSERT_VALUE100));
        Flux.usingWhen(getConnectionFactory().create(),
                        connection -> Flux.from(connection.createStatement(expand(TestStatement.SELECT_VALUE))
                                .execute()).flatMap(result -> result.map((row, metadata) -> extractColumn(row))),
                        Connection::close)
                .as(StepVerifier::create)
                .expectNext(100, 100).as("both inserts stored their row")
                .verifyComplete();
    }
}
