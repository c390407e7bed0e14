package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The heartbeats of an idle session that holds server-side state (docs/protocol.md §4.4, §6.5), against a scripted
 * server: a statement answered with {@code need_keep_alive} starts them, requests in flight hold them back, failures
 * are not the user's, and closing the connection ends them.
 */
class SessionKeepAliveTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final String KEEP_ALIVE = "{\"database\":\"default\",\"need_sticky\":true,\"need_keep_alive\":true}";

    private static final String SESSION_HEARTBEAT = "{\"node_to_queries\":{}}";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    @Test
    void anIdleSessionThatNeedsKeepAliveSendsHeartbeatsNamingNoQueryToItsNode() {
        ScriptedDatabend server = databend.start(answering(request -> Reply.ok("{\"queries_to_remove\":[]}")));
        Connection connection = connect(server, Duration.ofMillis(100));

        run(connection, "CREATE TEMP TABLE t (a INT)");
        Await.until("three heartbeats", TIMEOUT, () -> sessionHeartbeats(server) >= 3);

        assertThat(server.requests()).filteredOn(request -> request.is("POST", "/v1/session/heartbeat"))
            .allSatisfy(request -> {
                assertThat(request.body()).isEqualTo(SESSION_HEARTBEAT);
                assertThat(request.header("X-DATABEND-STICKY-NODE")).isEqualTo(ScriptedDatabend.NODE_ID);
                assertThat(request.header("Authorization")).startsWith("Basic ");
            });
        close(connection);
    }

    @Test
    void failedHeartbeatsAreNotTheUsersAndALostSessionFailsTheNextStatement() {
        AtomicInteger failures = new AtomicInteger();
        ScriptedDatabend server = databend.start(answering(request -> {
            failures.incrementAndGet();
            return new Reply(500, "{\"error\":{\"code\":1001,\"message\":\"heartbeat broke\"}}");
        }));
        Connection connection = connect(server, Duration.ofMillis(100));
        run(connection, "CREATE TEMP TABLE t (a INT)");

        Await.until("two failed heartbeats", TIMEOUT, () -> failures.get() >= 2);
        server.script(request -> request.isQueryStart() ? Reply.ok(ScriptedDatabend.errorPage(request.queryId(),
            5110, "temporary tables in session s1 expired after idle for more than 14400 seconds"))
            : Reply.ok("{}"));

        assertThatThrownBy(() -> run(connection, "SELECT * FROM t"))
            .isInstanceOf(R2dbcNonTransientResourceException.class)
            .hasMessageContaining("expired after idle")
            .satisfies(error -> assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(5110));
        close(connection);
    }

    @Test
    void noHeartbeatWhileARequestOfTheConnectionIsInFlight() {
        ScriptedDatabend server = databend.start(answering(request -> Reply.ok("{\"queries_to_remove\":[]}")));
        Connection connection = connect(server, Duration.ofMillis(100));
        run(connection, "CREATE TEMP TABLE t (a INT)");
        Await.until("a heartbeat", TIMEOUT, () -> sessionHeartbeats(server) >= 1);
        Function<Request, Reply> answers = answering(request -> Reply.ok("{\"queries_to_remove\":[]}"));
        AtomicLong atStart = new AtomicLong(-1);
        AtomicLong atFinal = new AtomicLong(-1);
        server.script(request -> {
            if (request.isQueryStart()) {
                atStart.set(sessionHeartbeats(server));
                return new Reply(200, page(request), Duration.ofMillis(800));
            }
            if (request.uri().endsWith("/final")) {
                atFinal.compareAndSet(-1, sessionHeartbeats(server));
            }
            return answers.apply(request);
        });

        run(connection, "SELECT 1");
        Await.until("the query's final", TIMEOUT, () -> atFinal.get() >= 0);

        assertThat(atFinal.get()).isEqualTo(atStart.get());
        Await.until("heartbeats again once idle", TIMEOUT, () -> sessionHeartbeats(server) > atFinal.get());
        close(connection);
    }

    @Test
    void closingTheConnectionStopsItsHeartbeatsAndLogsOut() {
        AtomicInteger logins = new AtomicInteger();
        Function<Request, Reply> answers = answering(request -> Reply.ok("{\"queries_to_remove\":[]}"));
        ScriptedDatabend server = databend.start(request -> request.is("POST", "/v1/session/login")
            ? Reply.ok(ScriptedDatabend.LOGIN_OK).withCookie("session_id=c" + logins.incrementAndGet() + "; Path=/")
            : answers.apply(request));
        Connection closed = connect(server, Duration.ofMillis(100));
        run(closed, "CREATE TEMP TABLE t (a INT)");
        Await.until("a heartbeat of the first connection", TIMEOUT, () -> heartbeatsOf(server, "c1") >= 1);

        close(closed);
        long afterClose = heartbeatsOf(server, "c1");
        Connection open = connect(server, Duration.ofMillis(100));
        run(open, "CREATE TEMP TABLE t (a INT)");
        Await.until("heartbeats of the second connection", TIMEOUT, () -> heartbeatsOf(server, "c2") >= 5);

        assertThat(heartbeatsOf(server, "c1")).isEqualTo(afterClose);
        assertThat(server.requests()).filteredOn(request -> request.is("POST", "/v1/session/logout"))
            .singleElement().satisfies(request -> assertThat(request.header("Cookie")).contains("session_id=c1"));
        close(open);
    }

    @Test
    void aZeroIntervalSendsNoHeartbeat() {
        ScriptedDatabend server = databend.start(answering(request -> Reply.ok("{\"queries_to_remove\":[]}")));
        Connection quiet = connect(server, Duration.ZERO);
        Connection beating = connect(server, Duration.ofMillis(100));
        run(quiet, "CREATE TEMP TABLE t (a INT)");
        run(beating, "CREATE TEMP TABLE u (a INT)");

        Await.until("heartbeats of the other connection", TIMEOUT, () -> sessionHeartbeats(server) >= 5);

        assertThat(server.requests()).filteredOn(request -> request.is("POST", "/v1/session/heartbeat"))
            .extracting(request -> request.header("X-DATABEND-ROUTE-HINT"))
            .containsOnly(lastHintOf(server, "CREATE TEMP TABLE u"));
        close(quiet);
        close(beating);
    }

    /** Query starts answered with a finished page whose session needs keep-alive; heartbeats with {@code heartbeat}. */
    private static Function<Request, Reply> answering(Function<Request, Reply> heartbeat) {
        return request -> {
            if (request.is("POST", "/v1/session/login")) {
                return Reply.ok(ScriptedDatabend.LOGIN_OK);
            }
            if (request.isQueryStart()) {
                return Reply.ok(page(request));
            }
            if (request.is("POST", "/v1/session/heartbeat")) {
                return heartbeat.apply(request);
            }
            return Reply.ok("{}");
        };
    }

    /** An empty finished page; its session needs keep-alive once the statement made a temp table. */
    private static String page(Request request) {
        String session = request.body().contains("TEMP TABLE") || request.body().contains("need_keep_alive\":true")
            ? KEEP_ALIVE : "null";
        return ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", session);
    }

    private Connection connect(ScriptedDatabend server, Duration heartbeatInterval) {
        return databend.closeAfterwards(server.factory(builder -> builder.heartbeatInterval(heartbeatInterval)))
            .create().block(TIMEOUT);
    }

    private static void run(Connection connection, String sql) {
        Flux.from(connection.createStatement(sql).execute()).flatMap(result -> result.getRowsUpdated())
            .blockLast(TIMEOUT);
    }

    private static void close(Connection connection) {
        Mono.from(connection.close()).block(TIMEOUT);
    }

    private static long sessionHeartbeats(ScriptedDatabend server) {
        return server.requests().stream()
            .filter(request -> request.is("POST", "/v1/session/heartbeat") && request.body().equals(SESSION_HEARTBEAT))
            .count();
    }

    private static long heartbeatsOf(ScriptedDatabend server, String clientSession) {
        return server.requests().stream()
            .filter(request -> request.is("POST", "/v1/session/heartbeat")
                && request.header("Cookie").contains("session_id=" + clientSession))
            .count();
    }

    private static String lastHintOf(ScriptedDatabend server, String sql) {
        return server.starts().stream().filter(request -> request.body().contains(sql))
            .reduce((first, second) -> second).orElseThrow().header("X-DATABEND-ROUTE-HINT");
    }
}
