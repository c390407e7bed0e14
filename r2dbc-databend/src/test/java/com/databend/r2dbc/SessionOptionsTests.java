package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Database, role, time zone and settings.* reach the server in the login and the first query's session; cookies stay per connection. */
class SessionOptionsTests {

    /** Each query start is answered with an empty finished page. */
    private static final Function<Request, Reply> EMPTY_RESULTS = ScriptedDatabend.answeringStarts(
            request -> ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", "null"));

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private ScriptedDatabend server;
    private DatabendConnectionFactory factory;

    @Test
    void sessionOptionsAndHeadersAreSent() {
        server = databend.start(EMPTY_RESULTS);
        factory = databend.factory(b -> b.database("books").role("analyst").tenant("t1").warehouse("wh1")
                .timezone(ZoneId.of("Asia/Shanghai")).setting("max_threads", "4").waitTimeSecs(3)
                .maxRowsPerPage(123));
        Flux.usingWhen(factory.create(), c -> Flux.from(c.createStatement("SELECT 1").execute()), Connection::close)
                .blockLast(Duration.ofSeconds(10));
        String session = "{\"database\":\"books\",\"role\":\"analyst\",\"settings\":{\"max_threads\":\"4\","
                + "\"timezone\":\"Asia/Shanghai\"}}";
        Request login = server.requests().stream().filter(r -> r.uri().startsWith("/v1/session/login"))
                .findFirst().orElseThrow();
        assertThat(login.body()).isEqualTo(session);
        Request start = server.firstStart();
        assertThat(start.body()).contains("\"session\":" + session)
                .contains("\"pagination\":{\"wait_time_secs\":3,\"max_rows_per_page\":123}");
        assertThat(server.requests()).allSatisfy(r -> {
            assertThat(r.header("X-DATABEND-TENANT")).isEqualTo("t1");
            assertThat(r.header("X-DATABEND-WAREHOUSE")).isEqualTo("wh1");
            assertThat(r.header("User-Agent")).startsWith("r2dbc-databend/");
        });
    }

    @Test
    void eachConnectionKeepsTheCookiesTheServerSetForIt() {
        java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
        server = databend.start(request -> request.is("POST", "/v1/session/login")
                ? Reply.ok(ScriptedDatabend.LOGIN_OK)
                        .withCookie("session_id=s" + logins.incrementAndGet() + "; Path=/; HttpOnly")
                : EMPTY_RESULTS.apply(request));
        factory = databend.factory();
        Connection first = factory.create().block(Duration.ofSeconds(10));
        Connection second = factory.create().block(Duration.ofSeconds(10));
        for (Connection connection : java.util.List.of(second, first, second)) {
            Flux.from(connection.createStatement("SELECT 1").execute()).blockLast(Duration.ofSeconds(10));
        }
        java.util.List<String> cookies = server.starts().stream()
                .map(r -> r.header("Cookie")).toList();
        assertThat(cookies).hasSize(3);
        assertThat(cookies.get(0)).contains("session_id=s2").contains("cookie_enabled=true").doesNotContain("Path");
        assertThat(cookies.get(1)).contains("session_id=s1").doesNotContain("s2");
        assertThat(cookies.get(2)).contains("session_id=s2").doesNotContain("s1");
        reactor.core.publisher.Mono.from(first.close()).block(Duration.ofSeconds(5));
        reactor.core.publisher.Mono.from(second.close()).block(Duration.ofSeconds(5));
    }
}
