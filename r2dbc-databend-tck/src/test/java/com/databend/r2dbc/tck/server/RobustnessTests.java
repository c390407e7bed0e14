package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.ClosedQueries;
import com.databend.r2dbc.tck.ThreadPeak;
import com.databend.r2dbc.tck.server.query.CloseReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many queries at once and malformed requests: all answered, none crashes the server or leaks a query
 * (docs/protocol.md §4.6).
 */
class RobustnessTests {

    /**
     * Long enough that the last of a thousand starts arrives before the first one's wait ends, on a loaded
     * two-core machine too (with 3 s they were once not all waiting at the same moment).
     */
    private static final int WAIT_TIME_SECS = 8;

    private static final CountDownLatch GATE = new CountDownLatch(1);

    private static final ScriptedEngine ENGINE = new ScriptedEngine()
        .script("select when released", () -> {
            try {
                GATE.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PagingTests.ThreeRowsThenWait().finite();
        });

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.engine(() -> ENGINE));

    private static DatabendTestServer server;

    private static Http http;

    @AfterAll
    static void stop() {
        GATE.countDown();
    }

    @Test
    void aThousandConcurrentQueriesAreAllAnswered() throws InterruptedException {
        int queries = 1000;
        long startedBefore = server.queries().startedCount();
        List<CompletableFuture<Http.Response>> responses = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            responses.add(http.postAsync("/v1/query",
                Http.body("select number + " + i + " from numbers(3) order by number", null)));
        }
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();
        List<CompletableFuture<Http.Response>> finals = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            Http.Response response = responses.get(i).join();
            assertThat(response.status()).isEqualTo(200);
            Map<String, Object> body = response.json();
            assertThat(body.get("state")).as(body.toString()).isEqualTo("Succeeded");
            assertThat(body.get("data")).isEqualTo(List.of(List.of(Integer.toString(i)),
                List.of(Integer.toString(i + 1)), List.of(Integer.toString(i + 2))));
            ids.add((String) body.get("id"));
            finals.add(CompletableFuture.supplyAsync(() -> http.get("/v1/query/" + body.get("id") + "/final")));
        }
        CompletableFuture.allOf(finals.toArray(CompletableFuture[]::new)).join();
        finals.forEach(f -> assertThat(f.join().status()).isEqualTo(200));
        assertThat(server.queries().startedCount()).isEqualTo(startedBefore + queries);
        ClosedQueries.on(server.queries()).assertClosed("1,000 concurrent queries, then final", ids);
        QueryLifecycleTests.eventually(() -> ENGINE.openSessions() == 0, "every engine session is closed");
    }

    /**
     * A thousand page requests long-poll at once, all counted as waiting by the server, while its event-loop
     * threads stay as few as they were: no thread is held per request. Without rows each answers after
     * {@code wait_time_secs}; once the rows come every waiting one is answered at once.
     */
    @Test
    void aThousandLongPollsWaitAtOnceWithoutHoldingThreads() throws InterruptedException {
        int queries = 1000;
        Duration waitTime = Duration.ofSeconds(WAIT_TIME_SECS);
        long waitingBefore = server.queries().waitingPollCount();
        List<String> ids = new ArrayList<>();
        try (ThreadPeak eventLoops = ThreadPeak.watch("reactor-http-")) {
            long startedAt = System.nanoTime();
            List<CompletableFuture<Http.Response>> started = new ArrayList<>();
            for (int i = 0; i < queries; i++) {
                started.add(http.postAsync("/v1/query", Http.body("select when released",
                    "\"pagination\":{\"wait_time_secs\":" + WAIT_TIME_SECS + "}")));
            }
            QueryLifecycleTests.eventually(() -> server.queries().waitingPollCount() == waitingBefore + queries,
                "every start waits for its first page");
            eventLoops.sample();
            for (CompletableFuture<Http.Response> response : started) {
                Http.Response answered = response.join();
                assertThat(answered.status()).isEqualTo(200);
                assertThat(answered.json().get("state")).isEqualTo("Starting");
                assertThat(answered.json().get("data")).isEqualTo(List.of());
                ids.add((String) answered.json().get("id"));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt))
                .as("without rows each start waited wait_time_secs, all of them at the same time")
                .isBetween(waitTime, waitTime.plusSeconds(WAIT_TIME_SECS));
            assertThat(server.queries().waitingPollCount()).isEqualTo(waitingBefore);

            List<CompletableFuture<Http.Response>> polls = new ArrayList<>();
            for (String id : ids) {
                polls.add(http.getAsync("/v1/query/" + id + "/page/0"));
            }
            QueryLifecycleTests.eventually(() -> server.queries().waitingPollCount() == waitingBefore + queries,
                "every page request waits for rows");
            eventLoops.sample();
            long releasedAt = System.nanoTime();
            GATE.countDown();
            for (CompletableFuture<Http.Response> poll : polls) {
                Http.Response page = poll.join();
                assertThat(page.status()).isEqualTo(200);
                assertThat(page.json().get("data")).isEqualTo(List.of(List.of("0"), List.of("1"), List.of("2")));
            }
            assertThat(Duration.ofNanos(System.nanoTime() - releasedAt))
                .as("the rows, not the end of wait_time_secs, answered the waiting requests")
                .isLessThan(waitTime);
            assertThat(eventLoops.peak()).as("the server's event-loop threads while 1,000 requests waited")
                .isPositive().isLessThanOrEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
        }
        List<CompletableFuture<Http.Response>> finals = new ArrayList<>();
        for (String id : ids) {
            finals.add(http.getAsync("/v1/query/" + id + "/final"));
        }
        finals.forEach(f -> assertThat(f.join().status()).isEqualTo(200));
        ClosedQueries.on(server.queries()).assertClosed("1,000 long-polled queries, then final", ids);
        assertThat(ids).allSatisfy(id -> assertThat(server.queries().ending(id).orElseThrow().reason())
            .isEqualTo(CloseReason.FINALIZED));
    }

    @Test
    void concurrentLoginsAndUseStatementsWhileResultsStreamAreAllAnswered() {
        Http.Response streaming = http.query("select number from numbers(100000)",
            "\"pagination\":{\"max_rows_per_page\":10}");
        List<CompletableFuture<Http.Response>> logins = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            logins.add(i % 2 == 0
                ? http.postAsync("/v1/session/login", "{\"database\":\"default\"}", "Cookie", "cookie_enabled=true")
                : http.postAsync("/v1/query", Http.body("use default", null)));
        }
        for (CompletableFuture<Http.Response> login : logins) {
            Http.Response response = login.join();
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.body()).doesNotContain("\"error\":{");
        }
        http.get("/v1/query/" + streaming.json().get("id") + "/kill");
    }

    @Test
    void malformedRequestsAreRefusedWithoutStartingAQuery() {
        long startedBefore = server.queries().startedCount();

        Http.Response noContentType = http.postRaw("/v1/query", "{\"sql\":\"select 1\"}");
        assertThat(noContentType.status()).isEqualTo(415);
        assertThat(noContentType.body())
            .isEqualTo("{\"error\":{\"code\":415,\"message\":\"expect content type `application/json`\"}}");

        Http.Response textPlain = http.postRaw("/v1/query", "{\"sql\":\"select 1\"}", "Content-Type", "text/plain");
        assertThat(textPlain.status()).isEqualTo(415);
        assertThat(textPlain.body()).isEqualTo(
            "{\"error\":{\"code\":415,\"message\":\"invalid content type `text/plain`, expect: `application/json`\"}}");

        Http.Response missingSql = http.post("/v1/query", "{\"pagination\":{}}");
        assertThat(missingSql.status()).isEqualTo(400);
        assertThat((String) missingSql.at("error.message")).startsWith("parse error: missing field `sql`");

        Http.Response wrongType = http.post("/v1/query", "{\"sql\":1}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat((String) wrongType.at("error.message")).startsWith("parse error: invalid type: integer");

        Http.Response negativePage = http.post("/v1/query", "{\"sql\":\"select 1\",\"pagination\":{\"max_rows_per_page\":-1}}");
        assertThat(negativePage.status()).isEqualTo(400);

        Http.Response truncated = http.post("/v1/query", "{\"sql\":\"select 1\"");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat((String) truncated.at("error.message")).startsWith("parse error: EOF while parsing");

        Http.Response empty = http.post("/v1/query", "");
        assertThat(empty.status()).isEqualTo(400);

        Http.Response badTxnState = http.post("/v1/query", "{\"sql\":\"select 1\",\"session\":{\"txn_state\":\"Maybe\"}}");
        assertThat(badTxnState.status()).isEqualTo(400);

        Http.Response wrongMethod = http.get("/v1/query");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.at("error.code")).isEqualTo(405L);
        assertThat(http.method("DELETE", "/v1/query/x/final").status()).isEqualTo(405);
        assertThat(http.post("/v1/query/x/page/0", "{}").status()).isEqualTo(405);

        Http.Response badPage = http.get("/v1/query/x/page/abc");
        assertThat(badPage.status()).isEqualTo(400);

        assertThat(http.get("/v2/anything").body()).isEqualTo("{\"error\":{\"code\":404,\"message\":\"not found\"}}");

        Http.Response badHeartbeat = http.post("/v1/session/heartbeat", "[1,2");
        assertThat(badHeartbeat.status()).isEqualTo(400);

        assertThat(server.queries().startedCount()).isEqualTo(startedBefore);
        assertThat(http.get("/health").body()).isEqualTo("ok");
        assertThat(http.query("select 1").json().get("state")).isEqualTo("Succeeded");
    }

    @Test
    void unknownOptionalMembersAreIgnoredAndNullMeansAbsent() {
        Map<String, Object> body = http.post("/v1/query", "{\"sql\":\"select 1;\",\"session_id\":\"x\",\"string_fields\":true,"
            + "\"future_member\":{\"a\":[1,2]},\"pagination\":null,\"session\":null,\"params\":null,"
            + "\"stage_attachment\":null}").json();
        assertThat(body.get("state")).isEqualTo("Succeeded");
        assertThat(body.get("data")).isEqualTo(List.of(List.of("1")));
    }
}
