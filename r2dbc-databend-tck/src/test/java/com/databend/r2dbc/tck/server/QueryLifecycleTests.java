package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.tck.ClosedQueries;
import com.databend.r2dbc.tck.server.query.CloseReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /final, /kill, result timeout, tombstones, heartbeat and retry-safe starts (docs/protocol.md §2.5, §4.3, §4.4). */
class QueryLifecycleTests {

    private static final List<ScriptedEngine.EndlessExecution> ENDLESS = new CopyOnWriteArrayList<>();

    private static final ScriptedEngine ENGINE = new ScriptedEngine()
        .script("select endless", () -> {
            ScriptedEngine.EndlessExecution execution = new ScriptedEngine.EndlessExecution();
            ENDLESS.add(execution);
            return execution;
        });

    private static final String SMALL_PAGES = "\"pagination\":{\"max_rows_per_page\":5,\"wait_time_secs\":5}";

    private static final String ONE_SECOND_TIMEOUT = SMALL_PAGES
        + ",\"session\":{\"settings\":{\"http_handler_result_timeout_secs\":\"1\"}}";

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.user("alice", "secret").resultTimeoutSecs(7).engine(() -> ENGINE));

    private static DatabendTestServer server;

    private static Http http;

    static void eventually(BooleanSupplier condition, String what) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    @Test
    void killAnswersEmptyAndTheQueryFailsWithCanceledByClient() {
        Http.Response started = http.query("select endless", SMALL_PAGES);
        String id = (String) started.json().get("id");
        assertThat(started.json().get("state")).isEqualTo("Running");
        assertThat(server.queries().wasKilled(id)).isFalse();

        Http.Response kill = http.get("/v1/query/" + id + "/kill");
        assertThat(kill.status()).isEqualTo(200);
        assertThat(kill.body()).isEmpty();
        assertThat(kill.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");
        assertThat(http.post("/v1/query/" + id + "/kill", "").status()).isEqualTo(200);
        assertThat(server.queries().wasKilled(id)).isTrue();
        assertThat(server.queries().killedAt(id)).isPresent();

        Http.Response page = http.get("/v1/query/" + id + "/page/1");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body())
            .isEqualTo("{\"error\":{\"code\":400,\"message\":\"Query " + id + " is closed for canceled\"}}");

        Map<String, Object> fin = http.get("/v1/query/" + id + "/final").json();
        assertThat(fin.get("state")).isEqualTo("Failed");
        assertThat(fin.get("error")).isEqualTo(Map.of("code", 1043L, "message", "canceled by client"));
        assertThat(fin.get("next_uri")).isNull();
        ScriptedEngine.EndlessExecution execution = ENDLESS.get(ENDLESS.size() - 1);
        eventually(() -> execution.cancelled() && execution.closed(), "the statement is cancelled and closed");
    }

    @Test
    void finalIsIdempotentClosesTheQueryAndReleasesTheStatement() {
        long openBefore = server.queries().openCount();
        String id = (String) http.query("select endless", SMALL_PAGES).json().get("id");
        assertThat(server.queries().openCount()).isEqualTo(openBefore + 1);
        ScriptedEngine.EndlessExecution execution = ENDLESS.get(ENDLESS.size() - 1);

        Map<String, Object> first = http.post("/v1/query/" + id + "/final", "").json();
        Map<String, Object> second = http.get("/v1/query/" + id + "/final").json();
        assertThat(first.get("next_uri")).isNull();
        assertThat(first.get("session")).isNull();
        assertThat(first.get("data")).isEqualTo(List.of());
        first.remove("stats");
        second.remove("stats");
        assertThat(second).isEqualTo(first);
        assertThat(server.queries().openCount()).isEqualTo(openBefore);
        assertThat(server.queries().wasKilled(id)).isFalse();
        eventually(execution::closed, "the statement is closed");

        Http.Response closed = http.get("/v1/query/" + id + "/page/1");
        assertThat(closed.status()).isEqualTo(400);
        assertThat((String) closed.at("error.message")).isEqualTo("Query " + id + " is closed for finalized");
        Map<String, Object> state = http.get("/v1/query/" + id).json();
        assertThat(state.get("state")).isEqualTo("Succeeded");
        assertThat(state.get("error")).isNull();
    }

    @Test
    void idleQueryTimesOutThenItsTombstoneExpires() throws InterruptedException {
        Map<String, Object> body = http.query("select endless", SMALL_PAGES
            + ",\"session\":{\"settings\":{\"http_handler_result_timeout_secs\":\"2\"}}").json();
        String id = (String) body.get("id");
        assertThat(body.get("result_timeout_secs")).isEqualTo(2L);

        // any request would keep the query alive, so leave it alone for longer than its timeout
        Thread.sleep(3_000);
        assertThat(http.get("/v1/query/" + id + "/page/1").status()).isEqualTo(400);
        assertThat((String) http.get("/v1/query/" + id + "/page/1").at("error.message"))
            .isEqualTo("Query " + id + " is closed for timed out");
        assertThat(http.get("/v1/query/" + id + "/final").at("error.code")).isEqualTo(1043L);

        eventually(() -> http.get("/v1/query/" + id + "/page/1").status() == 404, "the tombstone is forgotten");
        Http.Response gone = http.get("/v1/query/" + id + "/final");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo(
            "{\"error\":{\"code\":404,\"message\":\"Query ID " + id + " not found on node node-1\"}}");
    }

    @Test
    void builderResultTimeoutIsTheDefault() {
        Map<String, Object> body = http.query("select 1").json();
        assertThat(body.get("result_timeout_secs")).isEqualTo(7L);
        http.get("/v1/query/" + body.get("id") + "/final");
    }

    @Test
    void heartbeatKeepsAnUndrainedQueryAlive() throws InterruptedException {
        Map<String, Object> body = http.query("select endless", ONE_SECOND_TIMEOUT).json();
        String id = (String) body.get("id");
        String heartbeat = "{\"node_to_queries\":{\"node-1\":[\"" + id + "\"],\"node-7\":[\"elsewhere\"]}}";
        for (int i = 0; i < 10; i++) {
            Http.Response beat = http.post("/v1/session/heartbeat", heartbeat);
            assertThat(beat.status()).isEqualTo(200);
            assertThat(beat.body()).isEqualTo("{\"queries_to_remove\":[\"elsewhere\"]}");
            Thread.sleep(250);
        }
        assertThat(server.queries().heartbeatCount(id)).isEqualTo(10);
        assertThat(http.get("/v1/query/" + id + "/page/1").status()).isEqualTo(200);
        http.get("/v1/query/" + id + "/kill");
        assertThat(http.post("/v1/session/heartbeat", heartbeat).body())
            .isEqualTo("{\"queries_to_remove\":[\"" + id + "\",\"elsewhere\"]}");
        assertThat(server.queries().heartbeatCount(id)).isEqualTo(11);
        assertThat(server.queries().heartbeatCount("elsewhere")).as("a query of no node of this server").isZero();
    }

    @Test
    void theJournalTellsHowEachQueryEndedAndOnlyFinalOrKillCountsAsReleased() throws InterruptedException {
        String finalized = (String) http.query("select endless", ONE_SECOND_TIMEOUT).json().get("id");
        String killed = (String) http.query("select endless", ONE_SECOND_TIMEOUT).json().get("id");
        String timedOut = (String) http.query("select endless", ONE_SECOND_TIMEOUT).json().get("id");
        String open = (String) http.query("select endless", SMALL_PAGES).json().get("id");
        http.get("/v1/query/" + finalized + "/final");
        http.get("/v1/query/" + killed + "/kill");
        eventually(() -> server.queries().ending(timedOut).isPresent(), "the idle query times out");

        assertThat(server.queries().ending(finalized).orElseThrow().reason()).isEqualTo(CloseReason.FINALIZED);
        assertThat(server.queries().ending(killed).orElseThrow().reason()).isEqualTo(CloseReason.CANCELED);
        assertThat(server.queries().ending(timedOut).orElseThrow().reason()).isEqualTo(CloseReason.TIMED_OUT);
        assertThat(server.queries().ending(open)).isEmpty();
        assertThat(server.queries().killedAt(killed)).isPresent();
        assertThat(server.queries().killedAt(finalized)).isEmpty();

        ClosedQueries closed = ClosedQueries.on(server.queries());
        try {
            closed.assertClosed("a finalized and a killed query", List.of(finalized, killed));
            assertThatThrownBy(() -> closed.assertClosed("a query that timed out", List.of(finalized, timedOut)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"" + timedOut + "\"=TIMED_OUT")
                .hasMessageNotContaining(finalized);
            assertThatThrownBy(() -> closed.assertClosed("a query still open", List.of(open), Duration.ofMillis(200)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("\"" + open + "\"=OPEN");
        } finally {
            http.get("/v1/query/" + open + "/kill");
        }
    }

    @Test
    void repeatedStartWithTheSameQueryIdReturnsPageZeroOfTheExistingQuery() {
        String id = "retry-" + System.nanoTime();
        long startedBefore = server.queries().startedCount();
        Map<String, Object> first = http.query("select number from numbers(3) order by number", null,
            "X-DATABEND-QUERY-ID", id).json();
        Map<String, Object> retry = http.query("select 42", null, "X-DATABEND-QUERY-ID", id).json();
        assertThat(first.get("id")).isEqualTo(id);
        assertThat(retry.get("id")).isEqualTo(id);
        assertThat(retry.get("data")).isEqualTo(first.get("data"));
        assertThat(retry.get("data")).isEqualTo(List.of(List.of("0"), List.of("1"), List.of("2")));
        assertThat(server.queries().startedCount()).isEqualTo(startedBefore + 1);

        Http.Response other = new Http(server.baseUrl()).with("Authorization", Http.basic("alice", "secret"))
            .query("select 1", null, "X-DATABEND-QUERY-ID", id);
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.body()).isEqualTo(
            "{\"error\":{\"code\":400,\"message\":\"fail to start query: query_id " + id + " already exists\"}}");
        http.get("/v1/query/" + id + "/final");
    }

    @Test
    void unknownQueryIdsAre404OnEveryEndpoint() {
        for (String path : List.of("/v1/query/nope/page/0", "/v1/query/nope", "/v1/query/nope/final",
            "/v1/query/nope/kill")) {
            Http.Response response = http.get(path);
            assertThat(response.status()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path)
                .isEqualTo("{\"error\":{\"code\":404,\"message\":\"Query ID nope not found on node node-1\"}}");
        }
    }

    @Test
    void wrongNodeIdHeaderIsARoutingError() {
        String id = (String) http.query("select 1").json().get("id");
        Http.Response response = http.get("/v1/query/" + id + "/page/0", "X-DATABEND-NODE-ID", "XXX");
        assertThat(response.status()).isEqualTo(404);
        assertThat((String) response.at("error.message"))
            .startsWith("Routing error: query " + id + " should be on server XXX, but current server is node-1");
        assertThat(http.get("/v1/query/" + id + "/page/0", "X-DATABEND-NODE-ID", "node-1").status()).isEqualTo(200);
        http.get("/v1/query/" + id + "/final");
    }
}
