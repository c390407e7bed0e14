package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault-injecting mode: refused, lost, truncated and slow responses, and what the server state is after them. */
class FaultInjectionTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    private static Http http;

    @AfterEach
    void disarm() {
        server.faults().clear();
    }

    private static Map<String, Object> startFourRowsInPagesOfTwo() {
        return http.query("select number from numbers(4) order by number",
            "\"pagination\":{\"max_rows_per_page\":2}").json();
    }

    @Test
    void refusedRequestsNeverReachTheServer() {
        long started = server.queries().startedCount();
        server.faults().failNext("POST /v1/query", 2, 503);
        for (int i = 0; i < 2; i++) {
            Http.Response refused = http.query("select 1");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("{\"error\":{\"code\":503,\"message\":\"injected fault\"}}");
            assertThat(refused.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");
        }
        assertThat(server.queries().startedCount()).isEqualTo(started);
        assertThat(http.query("select 1").status()).isEqualTo(200);
        assertThat(server.faults().injectedCount()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aLostPageResponseCanBeFetchedAgain() {
        Map<String, Object> first = startFourRowsInPagesOfTwo();
        String page1 = "/v1/query/" + first.get("id") + "/page/1";
        // java.net.http retries a GET once by itself when the connection closes without an answer
        server.faults().dropResponseOfNext("GET /v1/query/.+/page/1", 2);
        assertThatThrownBy(() -> http.get(page1)).isInstanceOf(UncheckedIOException.class);
        assertThat(server.faults().injectedCount()).isGreaterThanOrEqualTo(2);
        Http.Response retried = http.get(page1);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.json().get("data")).isEqualTo(List.of(List.of("2"), List.of("3")));
        http.get("/v1/query/" + first.get("id") + "/final");
    }

    @Test
    void aTruncatedPageFailsTheReadAndCanBeFetchedAgain() {
        Map<String, Object> first = startFourRowsInPagesOfTwo();
        String page1 = "/v1/query/" + first.get("id") + "/page/1";
        server.faults().truncateNext("GET .*/page/1", 2);
        assertThatThrownBy(() -> http.get(page1)).isInstanceOf(UncheckedIOException.class);
        server.faults().clear();
        assertThat(http.get(page1).json().get("data")).isEqualTo(List.of(List.of("2"), List.of("3")));
        http.get("/v1/query/" + first.get("id") + "/final");
    }

    @Test
    void delayedResponsesArriveLate() {
        server.faults().delayNext("GET /health", 1, Duration.ofMillis(700));
        long started = System.nanoTime();
        assertThat(http.get("/health").body()).isEqualTo("ok");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void aDelayOnEveryRequestLastsUntilCleared() {
        long injected = server.faults().injectedCount();
        server.faults().delayEvery("GET /health", Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            assertThat(http.get("/health").body()).isEqualTo("ok");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        assertThat(server.faults().injectedCount()).isEqualTo(injected + 3);
        server.faults().clear();
        assertThat(http.get("/health").body()).isEqualTo("ok");
        assertThat(server.faults().injectedCount()).isEqualTo(injected + 3);
    }
}
