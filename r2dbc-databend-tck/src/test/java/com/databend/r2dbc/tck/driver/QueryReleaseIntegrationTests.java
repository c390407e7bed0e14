package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.ClosedQueries;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.TestDatabend;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static com.databend.r2dbc.tck.driver.Sql.close;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every way a result can end leaves no query open on the server, promptly (well within the 60 s result timeout)
 * and without relying on garbage collection: results never subscribed, first responses already complete, errors,
 * cancellations, batches. Each test names its queries by id and {@link ClosedQueries} asks the server how each one
 * ended: the embedded server's journal, or a real Databend's state answers.
 */
class QueryReleaseIntegrationTests {

    private static final String MANY_PAGES = "SELECT number FROM numbers(100000) ORDER BY number";

    private final ConnectionFactory factory = TestDatabend.rootFactory("default");

    private final ClosedQueries server = ClosedQueries.onTarget();

    /** The ids of the queries a test ran, in the order their results arrived. */
    private final List<String> queryIds = new CopyOnWriteArrayList<>();

    private Connection connection;

    @BeforeEach
    void connect() {
        connection = Sql.connect(factory);
    }

    @AfterEach
    void closeConnection() {
        if (connection != null) {
            close(connection);
        }
    }

    private Flux<Result> execute(Statement statement) {
        return Flux.<Result>from(statement.execute()).doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)));
    }

    private void assertNoQueryLeftOpen(String pattern, int queries) throws InterruptedException {
        assertThat(queryIds).as("queries of: " + pattern).hasSize(queries).doesNotHaveDuplicates();
        server.assertClosed(pattern, queryIds);
    }

    /** docs/protocol.md §4.3: final once a result is complete, kill while rows are still pending. */
    private void assertEndedAs(ClosedQueries.Ending expected, List<String> ids) {
        assertThat(ids).allSatisfy(id -> assertThat(server.ending(id)).as("query " + id)
            .isIn(expected, ClosedQueries.Ending.FORGOTTEN));
    }

    @Test
    void resultsNeverSubscribedWhoseFirstResponseIsComplete() throws InterruptedException {
        List<Result> results = Flux.range(0, 20)
            .concatMap(i -> execute(connection.createStatement("SELECT " + i)))
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(20);
        assertNoQueryLeftOpen("20 one-row results never subscribed", 20);
        assertEndedAs(ClosedQueries.Ending.FINALIZED, queryIds);
    }

    @Test
    void resultsNeverSubscribedWithPagesStillPending() throws InterruptedException {
        List<Result> results = Flux.range(0, 5)
            .concatMap(i -> execute(connection.createStatement(MANY_PAGES).fetchSize(100)))
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(5);
        close(connection);
        connection = null;
        assertNoQueryLeftOpen("5 many-page results never subscribed, then the connection closed", 5);
        assertEndedAs(ClosedQueries.Ending.KILLED, queryIds);
        // still reachable here: their release must not wait for garbage collection
        assertDistinctQueries(results, 5);
    }

    @Test
    void aHeldResultIsNotReleasedByTheNextStatementAndReadsToItsEnd() throws InterruptedException {
        Result held = execute(connection.createStatement(MANY_PAGES).fetchSize(1000)).blockLast(TIMEOUT);
        assertThat(held).isNotNull();
        assertThat(execute(connection.createStatement("SELECT 42"))
                .concatMap(result -> result.map(row -> ((Number) row.get(0)).intValue()))
                .collectList().block(TIMEOUT))
            .containsExactly(42);
        assertThat(Flux.from(held.map(row -> row.get(0))).count().block(TIMEOUT)).isEqualTo(100_000L);
        assertNoQueryLeftOpen("a held result read to its end after another statement", 2);
        assertEndedAs(ClosedQueries.Ending.FINALIZED, queryIds);
    }

    @Test
    void cancelledAfterSomeRows() throws InterruptedException {
        List<Long> firstRows = execute(connection.createStatement(MANY_PAGES).fetchSize(100))
            .concatMap(result -> result.map(row -> row.get(0, Long.class)))
            .take(3)
            .collectList().block(TIMEOUT);
        assertThat(firstRows).containsExactly(0L, 1L, 2L);
        assertNoQueryLeftOpen("take(3) of a many-page result", 1);
        assertEndedAs(ClosedQueries.Ending.KILLED, queryIds);
    }

    @Test
    void statementsThatFail() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            R2dbcBadGrammarException failure = catchThrowableOfType(R2dbcBadGrammarException.class,
                () -> Sql.rows(connection, "SELECT no_such_column FROM numbers(1)"));
            assertThat(failure.getErrorCode()).isEqualTo(1065);
            queryIds.add(ClosedQueries.queryId(failure));
        }
        assertNoQueryLeftOpen("5 failing statements", 5);
    }

    @Test
    void batchWhoseResultsAreNotConsumed() throws InterruptedException {
        List<Result> results = Flux.<Result>from(connection.createBatch()
                .add("SELECT 1").add(MANY_PAGES).add("SELECT 2").execute())
            .doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)))
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(3);
        close(connection);
        connection = null;
        assertNoQueryLeftOpen("a batch of three results never consumed, then the connection closed", 3);
        assertEndedAs(ClosedQueries.Ending.FINALIZED, List.of(queryIds.get(0), queryIds.get(2)));
        assertEndedAs(ClosedQueries.Ending.KILLED, List.of(queryIds.get(1)));
        assertDistinctQueries(results, 3);
    }

    /** r2dbc-pool does not close a connection it takes back; it calls {@code Lifecycle.preRelease}. */
    @Test
    void resultsNeverSubscribedOnAPooledConnectionAreReleasedWhenThePoolTakesItBack() throws InterruptedException {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(1).build());
        try {
            Connection pooled = pool.create().block(TIMEOUT);
            List<Result> results = Flux.concat(execute(pooled.createStatement(MANY_PAGES).fetchSize(100)),
                    execute(pooled.createStatement(MANY_PAGES).fetchSize(100)))
                .collectList().block(TIMEOUT);
            assertThat(results).hasSize(2);
            assertThat(queryIds).allSatisfy(id -> assertThat(server.ending(id)).isEqualTo(ClosedQueries.Ending.OPEN));
            Object physical = ((Wrapped<?>) pooled).unwrap();
            Mono.from(pooled.close()).block(TIMEOUT);

            assertNoQueryLeftOpen("2 many-page results never subscribed, then the connection returned to a pool", 2);
            assertEndedAs(ClosedQueries.Ending.KILLED, queryIds);
            // still reachable here: their release must not wait for garbage collection
            assertDistinctQueries(results, 2);

            Connection next = pool.create().block(TIMEOUT);
            assertThat(((Wrapped<?>) next).unwrap()).as("maxSize=1: the same connection serves again")
                .isSameAs(physical);
            assertThat(Flux.from(next.createStatement("SELECT 42").execute())
                    .concatMap(result -> result.map(row -> ((Number) row.get(0)).intValue()))
                    .collectList().block(TIMEOUT))
                .containsExactly(42);
            Mono.from(next.close()).block(TIMEOUT);
        } finally {
            pool.close().block(TIMEOUT);
        }
    }

    /**
     * Inside a transaction, a result nobody subscribed to: r2dbc-pool's preRelease releases it and its rollback does
     * not wait behind it, and the connection serves again with the transaction's work undone.
     */
    @Test
    void aResultNeverSubscribedInsideATransactionDoesNotHoldThePoolsRollback() throws InterruptedException {
        String table = Sql.unique("pool_unread");
        Sql.exec(connection, "CREATE TABLE " + table + " (n INT)");
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(1).build());
        try {
            Connection pooled = pool.create().block(TIMEOUT);
            Mono.from(pooled.beginTransaction()).block(TIMEOUT);
            assertThat(Sql.exec(pooled, "INSERT INTO " + table + " VALUES (1)")).isOne();
            assertThat(execute(pooled.createStatement(MANY_PAGES).fetchSize(100)).collectList().block(TIMEOUT))
                .hasSize(1);
            Mono.from(pooled.close()).block(TIMEOUT);

            assertNoQueryLeftOpen("a many-page result never subscribed inside a transaction, then the connection "
                + "returned to a pool", 1);
            assertEndedAs(ClosedQueries.Ending.KILLED, queryIds);
            Connection next = pool.create().block(TIMEOUT);
            assertThat(next.isAutoCommit()).isTrue();
            assertThat(Flux.from(next.createStatement("SELECT count(*) FROM " + table).execute())
                    .concatMap(result -> result.map(row -> row.get(0, Long.class)))
                    .collectList().block(TIMEOUT))
                .containsExactly(0L);
            Mono.from(next.close()).block(TIMEOUT);
        } finally {
            pool.close().block(TIMEOUT);
            Sql.exec(connection, "DROP TABLE " + table);
        }
    }

    @Test
    void rowsUpdatedOfAManyPageSelect() throws InterruptedException {
        Long updated = execute(connection.createStatement(MANY_PAGES).fetchSize(1000))
            .concatMap(Result::getRowsUpdated)
            .reduce(0L, Long::sum)
            .block(TIMEOUT);
        assertThat(updated).isZero();
        assertNoQueryLeftOpen("getRowsUpdated of a many-page select", 1);
        assertEndedAs(ClosedQueries.Ending.FINALIZED, queryIds);
    }

    /** {@code results} are {@code count} results of distinct queries, each named by its Databend query id. */
    private static void assertDistinctQueries(List<Result> results, int count) {
        assertThat(results).extracting(result -> ((DatabendResultInfo) result).queryId())
            .hasSize(count)
            .doesNotHaveDuplicates()
            .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }
}
