package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.databend.r2dbc.tck.server.sql.StatementExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Page numbering, page sizes and long-polling (docs/protocol.md §2.2, §4.1, §4.2). */
class PagingTests {

    private static final CountDownLatch OPEN_GATE = new CountDownLatch(1);

    private static final ScriptedEngine ENGINE = new ScriptedEngine()
        .script("select endless", ScriptedEngine.EndlessExecution::new)
        .script("select three then wait", () -> new ThreeRowsThenWait())
        .script("select after gate", () -> {
            try {
                OPEN_GATE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ThreeRowsThenWait().finite();
        });

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.engine(() -> ENGINE));

    private static DatabendTestServer server;

    private static Http http;

    @AfterAll
    static void stop() {
        OPEN_GATE.countDown();
    }

    @Test
    void previousPageIsServedAgainAndOtherPagesAre404() {
        Map<String, Object> first = http.query("select number from numbers(10) order by number",
            "\"pagination\":{\"max_rows_per_page\":3}").json();
        String id = (String) first.get("id");
        assertThat(first.get("data")).isEqualTo(List.of(List.of("0"), List.of("1"), List.of("2")));
        assertThat(first.get("next_uri")).isEqualTo("/v1/query/" + id + "/page/1");

        Http.Response again = http.get("/v1/query/" + id + "/page/0");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("data")).isEqualTo(first.get("data"));
        assertThat(again.json().get("session")).isNull();

        Http.Response skipped = http.get("/v1/query/" + id + "/page/2");
        assertThat(skipped.status()).isEqualTo(404);
        assertThat(skipped.body())
            .isEqualTo("{\"error\":{\"code\":404,\"message\":\"Invalid page number: requested 2, current page is 1\"}}");

        Map<String, Object> second = http.get("/v1/query/" + id + "/page/1").json();
        assertThat(second.get("data")).isEqualTo(List.of(List.of("3"), List.of("4"), List.of("5")));
        assertThat(http.get("/v1/query/" + id + "/page/0").status()).isEqualTo(404);
        http.get("/v1/query/" + id + "/final");
    }

    @Test
    void smallResultSucceedsOnTheFirstResponseAndLaterPagesAreEmpty() {
        Map<String, Object> first = http.query("select 1").json();
        String id = (String) first.get("id");
        assertThat(first.get("state")).isEqualTo("Succeeded");
        assertThat(first.get("data")).isEqualTo(List.of(List.of("1")));
        assertThat(first.get("next_uri")).isEqualTo("/v1/query/" + id + "/final");

        Map<String, Object> page1 = http.get("/v1/query/" + id + "/page/1").json();
        assertThat(page1.get("data")).isEqualTo(List.of());
        assertThat(page1.get("next_uri")).isEqualTo("/v1/query/" + id + "/final");
        http.get("/v1/query/" + id + "/final");
    }

    @Test
    void zeroWaitAnswersAtOnceWhileTheStatementIsStarting() {
        Http.Response response = http.query("select after gate", "\"pagination\":{\"wait_time_secs\":0}");
        Map<String, Object> body = response.json();
        String id = (String) body.get("id");
        assertThat(body.get("state")).isEqualTo("Starting");
        assertThat(body).doesNotContainKeys("has_result_set", "settings");
        assertThat(body.get("schema")).isEqualTo(List.of());
        assertThat(body.get("data")).isEqualTo(List.of());
        assertThat(body.get("next_uri")).isEqualTo("/v1/query/" + id + "/page/0");
        assertThat(response.header("X-DATABEND-QUERY-STATE")).isEqualTo("Starting");

        OPEN_GATE.countDown();
        // wait_time_secs 0 holds for the pages too: each answers at once with what is ready, so follow next_uri
        // as a client does until the stream has ended
        List<Object> rows = new ArrayList<>();
        Map<String, Object> page = body;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!((String) page.get("next_uri")).endsWith("/final")) {
            assertThat(System.nanoTime()).as("the statement finished in time").isLessThan(deadline);
            page = http.get((String) page.get("next_uri")).json();
            rows.addAll((List<?>) page.get("data"));
        }
        assertThat(page.get("state")).isEqualTo("Succeeded");
        assertThat(page.get("has_result_set")).isEqualTo(true);
        assertThat(rows).isEqualTo(List.of(List.of("0"), List.of("1"), List.of("2")));
        http.get("/v1/query/" + id + "/final");
    }

    @Test
    void longPollReturnsAsSoonAsAFullPageIsReady() {
        long started = System.nanoTime();
        Map<String, Object> body = http.query("select endless",
            "\"pagination\":{\"wait_time_secs\":30,\"max_rows_per_page\":10}").json();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(body.get("state")).isEqualTo("Running");
        assertThat((List<?>) body.get("data")).hasSize(10);
        assertThat(millis).isLessThan(10_000);
        http.get("/v1/query/" + body.get("id") + "/kill");
    }

    @Test
    void longPollReturnsWhatIsBufferedAtTheDeadlineAndEmptyPagesDoNotAdvance() {
        long started = System.nanoTime();
        Map<String, Object> body = http.query("select three then wait",
            "\"pagination\":{\"wait_time_secs\":1,\"max_rows_per_page\":100}").json();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String id = (String) body.get("id");
        assertThat(millis).isBetween(900L, 10_000L);
        assertThat(body.get("state")).isEqualTo("Running");
        assertThat(body.get("data")).isEqualTo(List.of(List.of("0"), List.of("1"), List.of("2")));
        assertThat(body.get("next_uri")).isEqualTo("/v1/query/" + id + "/page/1");

        Map<String, Object> empty = http.get("/v1/query/" + id + "/page/1").json();
        assertThat(empty.get("data")).isEqualTo(List.of());
        assertThat(empty.get("state")).isEqualTo("Running");
        assertThat(empty.get("next_uri")).isEqualTo("/v1/query/" + id + "/page/1");
        http.post("/v1/query/" + id + "/kill", "");
    }

    @Test
    void aMillionRowsStreamThroughBoundedPages() {
        Map<String, Object> page = http.query("select number from numbers(1000000)",
            "\"pagination\":{\"max_rows_per_page\":50000}").json();
        long rows = 0;
        long pages = 0;
        String last = null;
        while (true) {
            List<?> data = (List<?>) page.get("data");
            assertThat(data.size()).isLessThanOrEqualTo(50_000);
            rows += data.size();
            pages++;
            if (!data.isEmpty()) {
                last = (String) ((List<?>) data.get(data.size() - 1)).get(0);
            }
            String next = (String) page.get("next_uri");
            if (next.endsWith("/final")) {
                break;
            }
            page = http.get(next).json();
        }
        assertThat(rows).isEqualTo(1_000_000);
        assertThat(pages).isGreaterThanOrEqualTo(20);
        assertThat(last).isEqualTo("999999");
        assertThat(page.get("state")).isEqualTo("Succeeded");
    }

    /** Three rows, then blocks until cancelled (or, when finite, ends). */
    static final class ThreeRowsThenWait implements StatementExecution {

        private final CountDownLatch cancelled = new CountDownLatch(1);

        private int next;

        private boolean finite;

        ThreeRowsThenWait finite() {
            this.finite = true;
            return this;
        }

        @Override
        public boolean hasResultSet() {
            return true;
        }

        @Override
        public List<SchemaField> schema() {
            return List.of(new SchemaField("n", "UInt8"));
        }

        @Override
        public String[] nextRow() {
            if (this.next < 3) {
                return new String[] {Integer.toString(this.next++)};
            }
            if (this.finite) {
                return null;
            }
            try {
                this.cancelled.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public long writtenRows() {
            return 0;
        }

        @Override
        public long scannedRows() {
            return this.next;
        }

        @Override
        public void cancel() {
            this.cancelled.countDown();
        }

        @Override
        public void close() {
            this.cancelled.countDown();
        }
    }
}
