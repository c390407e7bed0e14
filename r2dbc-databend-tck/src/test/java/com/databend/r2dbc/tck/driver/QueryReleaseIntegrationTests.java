package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every way a result can end leaves no query open on the server, promptly (well within the 60 s result timeout)
 * and without relying on garbage collection: results never subscribed, first responses already complete, errors,
 * cancellations, batches. Open queries are counted on the embedded server; against a real Databend the patterns
 * run and their values are checked.
 */
class QueryReleaseIntegrationTests {

    /** Far below the server's result timeout, so only the driver's final or kill can close the queries. */
    private static final Duration RELEASE_LIMIT = Duration.ofSeconds(5);

    private static final String MANY_PAGES = "SELECT number FROM numbers(100000) ORDER BY number";

    private final ConnectionFactory factory = TestDatabend.rootFactory("default");

    private DatabendTestServer server;

    private long openBefore;

    private Connection connection;

    @BeforeEach
    void connectAndCount() {
        server = TestDatabend.embedded();
        openBefore = server == null ? 0 : server.queries().openCount();
        connection = connect(factory);
    }

    @AfterEach
    void closeConnection() {
        if (connection != null) {
            close(connection);
        }
    }

    private void assertNoQueryLeftOpen(String pattern) throws InterruptedException {
        if (server == null) {
            return;
        }
        long deadline = System.nanoTime() + RELEASE_LIMIT.toNanos();
        while (server.queries().openCount() > openBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.queries().openCount())
            .as("queries left open by: " + pattern)
            .isLessThanOrEqualTo(openBefore);
    }

    @Test
    void resultsNeverSubscribedWhoseFirstResponseIsComplete() throws InterruptedException {
        List<Result> results = Flux.range(0, 20)
            .<Result>concatMap(i -> connection.createStatement("SELECT " + i).execute())
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(20);
        assertNoQueryLeftOpen("20 one-row results never subscribed");
    }

    @Test
    void resultsNeverSubscribedWithPagesStillPending() throws InterruptedException {
        List<Result> results = Flux.range(0, 5)
            .<Result>concatMap(i -> connection.createStatement(MANY_PAGES).fetchSize(100).execute())
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(5);
        close(connection);
        connection = null;
        assertNoQueryLeftOpen("5 many-page results never subscribed, then the connection closed");
        // still reachable here: their release must not wait for garbage collection
        assertDistinctQueries(results, 5);
    }

    @Test
    void aHeldResultIsNotReleasedByTheNextStatementAndReadsToItsEnd() throws InterruptedException {
        Result held = Mono.from(connection.createStatement(MANY_PAGES).fetchSize(1000).execute()).block(TIMEOUT);
        assertThat(held).isNotNull();
        assertThat(Sql.rows(connection, "SELECT 42")).singleElement()
            .satisfies(row -> assertThat(((Number) row.get(0)).intValue()).isEqualTo(42));
        assertThat(Flux.from(held.map(row -> row.get(0))).count().block(TIMEOUT)).isEqualTo(100_000L);
        assertNoQueryLeftOpen("a held result read to its end after another statement");
    }

    @Test
    void cancelledAfterSomeRows() throws InterruptedException {
        List<Long> firstRows = Flux.from(connection.createStatement(MANY_PAGES).fetchSize(100).execute())
            .concatMap(result -> result.map(row -> row.get(0, Long.class)))
            .take(3)
            .collectList().block(TIMEOUT);
        assertThat(firstRows).containsExactly(0L, 1L, 2L);
        assertNoQueryLeftOpen("take(3) of a many-page result");
    }

    @Test
    void statementsThatFail() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> Sql.rows(connection, "SELECT no_such_column FROM numbers(1)"))
                .isInstanceOfSatisfying(R2dbcBadGrammarException.class,
                    failure -> assertThat(failure.getErrorCode()).isEqualTo(1065));
        }
        assertNoQueryLeftOpen("5 failing statements");
    }

    @Test
    void batchWhoseResultsAreNotConsumed() throws InterruptedException {
        List<Result> results = Flux.<Result>from(connection.createBatch()
                .add("SELECT 1").add(MANY_PAGES).add("SELECT 2").execute())
            .collectList().block(TIMEOUT);
        assertThat(results).hasSize(3);
        close(connection);
        connection = null;
        assertNoQueryLeftOpen("a batch of three results never consumed, then the connection closed");
        assertDistinctQueries(results, 3);
    }

    @Test
    void rowsUpdatedOfAManyPageSelect() throws InterruptedException {
        Long updated = Flux.from(connection.createStatement(MANY_PAGES).fetchSize(1000).execute())
            .concatMap(Result::getRowsUpdated)
            .reduce(0L, Long::sum)
            .block(TIMEOUT);
        assertThat(updated).isZero();
        assertNoQueryLeftOpen("getRowsUpdated of a many-page select");
    }

    /** {@code results} are {@code count} results of distinct queries, each named by its Databend query id. */
    private static void assertDistinctQueries(List<Result> results, int count) {
        assertThat(results).extracting(result -> ((DatabendResultInfo) result).queryId())
            .hasSize(count)
            .doesNotHaveDuplicates()
            .allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }
}
