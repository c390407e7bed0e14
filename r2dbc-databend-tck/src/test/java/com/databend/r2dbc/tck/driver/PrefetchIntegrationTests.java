package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.EmbeddedServerExtension;
import com.databend.r2dbc.tck.server.query.CloseReason;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a query costs on the wire, from the embedded server's log of the requests it received: the next page is
 * requested while the subscriber still holds the current one, a cancel kills the query and drops the page request
 * in flight, and a one-page query sends its POST and its final, nothing else.
 */
class PrefetchIntegrationTests {

    private static final Duration PAGE_DELAY = Duration.ofMillis(100);

    private static final Duration HUNG = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    @AfterEach
    void disarm() {
        server.faults().clear();
    }

    private static DatabendConnectionFactory factory(UnaryOperator<DatabendConnectionConfiguration.Builder> options) {
        return Sql.tenRowPages(server, options);
    }

    /** The requests received since the log held {@code before} of them. */
    private static List<String> requestsSince(int before) {
        List<String> requests = server.queries().recentRequests();
        return requests.subList(before, requests.size());
    }

    private static Result execute(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).blockFirst(Sql.TIMEOUT);
    }

    @Test
    void oneRowQuerySendsOnePostAndOneFinalAndNothingElse() {
        DatabendConnectionFactory factory = factory(b -> b);
        Connection connection = connect(factory);
        try {
            int before = server.queries().recentRequests().size();
            Result result = execute(connection, "SELECT 1");
            String queryId = ((DatabendResultInfo) result).queryId();
            assertThat(Flux.from(result.map(row -> row.get(0, Integer.class))).collectList().block(Sql.TIMEOUT))
                    .containsExactly(1);
            // final goes out in the background once the only page is in
            Await.until(() -> server.queries().ending(queryId).isPresent());
            assertThat(server.queries().ending(queryId).orElseThrow().reason()).isEqualTo(CloseReason.FINALIZED);
            // the next statement's start follows: nothing of the first query was sent in between
            assertThat(Sql.rows(connection, "SELECT 2")).hasSize(1);
            assertThat(requestsSince(before).subList(0, 3)).containsExactly("POST /v1/query",
                    "POST /v1/query/" + queryId + "/final", "POST /v1/query");
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void nextPageIsRequestedWhileTheSubscriberHoldsTheCurrentPage() {
        DatabendConnectionFactory factory = factory(b -> b);
        Connection connection = connect(factory);
        try {
            server.faults().delayNext("GET /v1/query/.+/page/.+", 3, PAGE_DELAY);
            Result result = execute(connection, "SELECT number FROM numbers(30)");
            DatabendResultInfo info = (DatabendResultInfo) result;
            String pages = "GET /v1/query/" + info.queryId() + "/page/";
            StepVerifier.create(result.map(row -> row.get(0, Long.class)), 1)
                    .expectNext(0L)
                    .then(() -> {
                        // page 1 is asked for while nine rows of the first page wait for demand
                        Await.until(() -> server.queries().recentRequests().contains(pages + "1"));
                        assertThat(info.bufferedRows()).isEqualTo(9);
                    })
                    .thenRequest(Long.MAX_VALUE)
                    .expectNextSequence(LongStream.range(1, 30).boxed().toList())
                    .verifyComplete();
            Await.until(() -> server.queries().ending(info.queryId()).isPresent());
            assertThat(server.queries().ending(info.queryId()).orElseThrow().reason())
                    .isEqualTo(CloseReason.FINALIZED);
            assertThat(server.queries().recentRequests()).containsSubsequence(pages + "1", pages + "2",
                    "POST /v1/query/" + info.queryId() + "/final");
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void cancelWhileThePrefetchIsInFlightKillsTheQueryAndFreesTheConnection() {
        // one HTTP connection: if the page request in flight were not dropped, the next query would wait for it
        DatabendConnectionFactory factory = factory(b -> b.maxHttpConnections(1));
        Connection connection = connect(factory);
        try {
            server.faults().delayNext("GET /v1/query/.+/page/1", 1, HUNG);
            Result result = execute(connection, "SELECT number FROM numbers(1000)");
            String queryId = ((DatabendResultInfo) result).queryId();
            String page1 = "GET /v1/query/" + queryId + "/page/1";
            int before = server.queries().recentRequests().size();
            StepVerifier.create(Flux.from(result.map(row -> row.get(0, Long.class))).take(5), 1)
                    .expectNext(0L)
                    .then(() -> Await.until(() -> server.queries().recentRequests().contains(page1)))
                    .thenCancel()
                    .verify(Sql.TIMEOUT);
            Await.until(Duration.ofSeconds(1), () -> server.queries().wasKilled(queryId));
            assertThat(Sql.rows(connection, "SELECT 42")).hasSize(1);
            assertThat(requestsSince(before).stream().filter(request -> request.contains(queryId)))
                    .containsExactly(page1, "POST /v1/query/" + queryId + "/kill");
        } finally {
            close(connection);
            factory.close().block();
        }
    }
}
