package com.databend.r2dbc;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.ValidationDepth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static com.databend.r2dbc.ScriptedDatabend.queryIdOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries of start and page requests (same query id), connect failures, and validation that never errors. */
class ResilienceTests {

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private ScriptedDatabend server;
    private DatabendConnectionFactory factory;

    /** Login, and a two-page query: rows 1, 2 in the first response, 3 on page 1. */
    private static Reply twoPages(Request request) {
        return ScriptedDatabend.twoPages(page -> Reply.ok(ScriptedDatabend.singlePage(queryIdOf(page.uri()),
                "[{\"name\":\"n\",\"type\":\"Int32\"}]", "[[\"3\"]]", "null"))).apply(request);
    }

    private void start(Function<Request, Reply> script) {
        server = databend.start(script);
        factory = databend.factory();
    }

    private List<Integer> query(String sql) {
        return Flux.usingWhen(factory.create(),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(r -> r.map(row -> row.get(0, Integer.class))),
                        Connection::close)
                .collectList().block(Duration.ofSeconds(20));
    }

    private List<String> startQueryIds() {
        return server.starts().stream()
                .map(r -> r.header("X-DATABEND-QUERY-ID")).toList();
    }

    /** {@code status}, or a dropped connection for -1. */
    private static Reply failure(int status, String body) {
        return status < 0 ? Reply.drop() : new Reply(status, body);
    }

    /** A gateway status, or (-1) the connection dropping. */
    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504, -1})
    void startIsRetriedWithTheSameQueryId(int status) {
        AtomicInteger starts = new AtomicInteger();
        start(request -> request.uri().equals("/v1/query") && starts.incrementAndGet() == 1
                ? failure(status, "gateway") : twoPages(request));
        assertThat(query("SELECT n")).containsExactly(1, 2, 3);
        List<String> ids = startQueryIds();
        assertThat(ids).hasSize(2).doesNotContainNull();
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 504, -1})
    void pageRequestIsRetried(int status) {
        AtomicInteger pages = new AtomicInteger();
        start(request -> request.uri().endsWith("/page/1") && pages.incrementAndGet() == 1
                ? failure(status, "") : twoPages(request));
        assertThat(query("SELECT n")).containsExactly(1, 2, 3);
        assertThat(server.count("GET", "/page/1")).isEqualTo(2);
        assertThat(startQueryIds()).hasSize(1);
    }

    @Test
    void otherServerStatusesAreNotRetried() {
        start(request -> request.uri().equals("/v1/query")
                ? new Reply(500, "{\"error\":{\"code\":1001,\"message\":\"internal\"}}") : twoPages(request));
        StepVerifier.create(Flux.usingWhen(factory.create(),
                        c -> Flux.from(c.createStatement("SELECT n").execute()), Connection::close))
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcNonTransientResourceException.class)
                        .hasMessage("[1001] internal [HTTP 500] [query id " + startQueryIds().get(0) + "]"))
                .verify(Duration.ofSeconds(10));
        assertThat(startQueryIds()).hasSize(1);
    }

    @Test
    void loginIsRetriedUntilAServerListensOnThePort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder()
                .host("127.0.0.1").port(port);
        DatabendConnectionFactory once = databend.closeAfterwards(
                new DatabendConnectionFactory(builder.retryCount(0).build()));
        StepVerifier.create(once.create())
                .expectError(R2dbcTransientResourceException.class)
                .verify(Duration.ofSeconds(10));
        factory = databend.closeAfterwards(new DatabendConnectionFactory(builder.retryCount(6).build()));
        var connection = factory.create().toFuture();
        Thread.sleep(250);
        server = databend.start(ResilienceTests::twoPages, port);
        Connection connected = connection.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(server.count("POST", "/v1/session/login")).isEqualTo(1);
        Mono.from(connected.close()).block(Duration.ofSeconds(5));
    }

    @Test
    void validateNeverErrors() {
        start(ResilienceTests::twoPages);
        Connection connection = Mono.from(factory.create()).block(Duration.ofSeconds(10));
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block()).isTrue();
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Duration.ofSeconds(10))).isTrue();
        server.script(request -> new Reply(500, "{\"error\":{\"code\":1001,\"message\":\"broken\"}}"));
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Duration.ofSeconds(10))).isFalse();
        server.close();
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block(Duration.ofSeconds(20))).isFalse();
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block()).isTrue();
        Mono.from(connection.close()).block(Duration.ofSeconds(10));
        assertThat(Mono.from(connection.validate(ValidationDepth.LOCAL)).block()).isFalse();
        assertThat(Mono.from(connection.validate(ValidationDepth.REMOTE)).block()).isFalse();
    }

    @Test
    void createIsLazyAndCancellable() throws InterruptedException {
        start(request -> request.is("POST", "/v1/session/login")
                ? new Reply(200, ScriptedDatabend.LOGIN_OK, Duration.ofSeconds(2)) : twoPages(request));
        // a login of another user, sent after an event of the tested one, arrives and is answered after it
        DatabendConnectionFactory marker = databend.factory(b -> b.user("marker"));
        Mono<? extends Connection> create = Mono.from(factory.create());
        Connection afterCreate = Mono.from(marker.create()).block(Duration.ofSeconds(10));
        assertThat(loginUsers()).containsExactly("marker");

        java.util.concurrent.atomic.AtomicReference<Object> signal = new java.util.concurrent.atomic.AtomicReference<>();
        reactor.core.Disposable subscription = create.subscribe(signal::set, signal::set, () -> { });
        Await.until(() -> loginUsers().size() >= 2);
        assertThat(loginUsers()).containsExactly("marker", "root");
        subscription.dispose();
        Connection afterCancel = Mono.from(marker.create()).block(Duration.ofSeconds(10));
        assertThat(signal.get()).isNull();
        Mono.from(afterCreate.close()).block(Duration.ofSeconds(5));
        Mono.from(afterCancel.close()).block(Duration.ofSeconds(5));
    }

    /** The user of each login request, in the order they arrived. */
    private List<String> loginUsers() {
        return server.requests().stream().filter(r -> r.is("POST", "/v1/session/login"))
                .map(r -> new String(java.util.Base64.getDecoder().decode(
                        r.header("Authorization").substring("Basic ".length())), java.nio.charset.StandardCharsets.UTF_8))
                .map(credentials -> credentials.substring(0, credentials.indexOf(':')))
                .toList();
    }

    @Test
    void failingFinalUriDoesNotFailTheResult() throws InterruptedException {
        start(request -> request.uri().endsWith("/final")
                ? new Reply(500, "{\"error\":{\"code\":1001,\"message\":\"final failed\"}}") : twoPages(request));
        assertThat(query("SELECT n")).containsExactly(1, 2, 3);
        // final is sent in the background once the last page is in
        Await.until(() -> server.count("POST", "/final") > 0);
        assertThat(server.count("POST", "/final")).isEqualTo(1);
    }
}
