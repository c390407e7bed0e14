package com.databend.r2dbc;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static com.databend.r2dbc.ScriptedDatabend.queryIdOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages that hang, connections that reset, a {@code final} that is never answered and a plain-HTTP server
 * behind {@code r2dbcs:}: typed errors naming the query id and the server, never the password; a query that
 * fails while the server may still run it is killed.
 */
class TransportFailuresTests {

    private static final Duration HUNG = Duration.ofSeconds(30);

    private ScriptedDatabend server;
    private DatabendConnectionFactory factory;

    @AfterEach
    void tearDown() {
        if (factory != null) {
            factory.close().block(Duration.ofSeconds(5));
        }
        if (server != null) {
            server.close();
        }
    }


    private static Reply lastPage(Request request) {
        return Reply.ok(ScriptedDatabend.singlePage(queryIdOf(request.uri()), "[{\"name\":\"n\",\"type\":\"Int32\"}]",
                "[[\"3\"]]", "null"));
    }

    private Flux<Integer> query() {
        return Flux.usingWhen(factory.create(),
                c -> Flux.from(c.createStatement("SELECT n").execute())
                        .concatMap(r -> r.map(row -> row.get(0, Integer.class))),
                Connection::close);
    }

    private String queryId() {
        return server.firstStart().header("X-DATABEND-QUERY-ID");
    }


    @Test
    void hungPageFailsWithTheQueryIdAndTheQueryIsKilled() throws InterruptedException {
        server = new ScriptedDatabend(ScriptedDatabend.twoPages(request -> new Reply(200, "{}", HUNG)));
        factory = server.factory(b -> b.retryCount(0).waitTimeSecs(0).pageRequestTimeout(Duration.ofMillis(300)));
        StepVerifier.create(query())
                .expectNext(1, 2)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcTimeoutException.class)
                        .hasMessage("No response from Databend at 127.0.0.1:" + server.port() + " in time [query id "
                                + queryId() + "]"))
                .verify(Duration.ofSeconds(10));
        Await.until(() -> server.count("POST", "/kill") == 1);
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.uri()).isEqualTo("/v1/query/" + queryId()
                + "/kill"));
        assertThat(server.count("POST", "/final")).isZero();
    }

    @Test
    void hungPageIsFetchedAgainWithinRetryCount() {
        AtomicInteger pages = new AtomicInteger();
        server = new ScriptedDatabend(ScriptedDatabend.twoPages(request -> pages.incrementAndGet() == 1
                ? new Reply(200, "{}", HUNG)
                : lastPage(request)));
        factory = server.factory(b -> b.retryCount(1).waitTimeSecs(0).pageRequestTimeout(Duration.ofMillis(300)));
        StepVerifier.create(query()).expectNext(1, 2, 3).expectComplete().verify(Duration.ofSeconds(10));
        assertThat(server.count("GET", "/page/1")).isEqualTo(2);
        assertThat(server.count("POST", "/kill")).isZero();
    }

    @Test
    void resetPageFailsWithTheQueryIdWithoutThePasswordAndTheQueryIsKilled() throws InterruptedException {
        server = new ScriptedDatabend(ScriptedDatabend.twoPages(request -> Reply.drop()));
        factory = server.factory(b -> b.retryCount(0));
        StepVerifier.create(query())
                .expectNext(1, 2)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcTransientResourceException.class)
                            .hasMessageStartingWith("I/O error talking to Databend at 127.0.0.1:" + server.port())
                            .hasMessageEndingWith("[query id " + queryId() + "]");
                    assertThat(error.getMessage()).doesNotContain("s3cret-pw").doesNotContain("Basic");
                })
                .verify(Duration.ofSeconds(10));
        Await.until(() -> server.count("POST", "/kill") == 1);
    }

    @Test
    void finalThatIsNeverAnsweredDoesNotDelayTheResult() throws InterruptedException {
        server = new ScriptedDatabend(request -> request.uri().endsWith("/final") ? new Reply(200, "{}", HUNG)
                : ScriptedDatabend.twoPages(TransportFailuresTests::lastPage).apply(request));
        factory = server.factory();
        StepVerifier.create(query()).expectNext(1, 2, 3).expectComplete().verify(Duration.ofSeconds(3));
        Await.until(() -> server.count("POST", "/final") == 1);
    }

    @Test
    void tlsAgainstAPlainHttpServerSaysSoAndNamesTheServer() {
        server = new ScriptedDatabend(ScriptedDatabend.twoPages(TransportFailuresTests::lastPage));
        factory = server.factory(b -> b.ssl(true).sslTrustAll(true).retryCount(3));
        StepVerifier.create(factory.create())
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcNonTransientResourceException.class)
                            .hasMessage("The server at 127.0.0.1:" + server.port() + " does not speak TLS: connect"
                                    + " without ssl (r2dbc:databend://) or to its TLS port");
                    assertThat(((R2dbcNonTransientResourceException) error).getSqlState()).isEqualTo("08001");
                })
                .verify(Duration.ofSeconds(10));
    }
}
