package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static com.databend.r2dbc.internal.client.ScriptedExchange.error;
import static com.databend.r2dbc.internal.client.ScriptedExchange.lastPage;
import static com.databend.r2dbc.internal.client.ScriptedExchange.pageThenPage;
import static com.databend.r2dbc.internal.client.ScriptedExchange.threePages;
import static org.assertj.core.api.Assertions.assertThat;

/** Prefetch of {@link QueryStream}: the next page in flight while the subscriber drains the current one. */
class QueryStreamPrefetchTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final PageMapper<String> CELLS = new PageMapper<>() {
        @Override
        public void onPage(QueryResponse page, Consumer<? super String> out) {
            page.rowsAsStrings().forEach(row -> out.accept(row[0]));
        }

        @Override
        public void onComplete(QueryResponse lastPage, Consumer<? super String> out) {
        }
    };

    private static QueryStream<String> prefetching(ScriptedExchange exchange) {
        return QueryStream.start(exchange, new QueryRequest("SELECT n", null, 10, 2, null), CELLS, true)
                .block(WAIT);
    }

    @Test
    void nextPageIsRequestedOnSubscribeAndTheOneAfterOnlyOnceTheFirstIsDrained() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = prefetching(exchange);
        assertThat(exchange.callsById()).containsExactly("start");
        StepVerifier.create(stream, 0)
                .then(() -> {
                    // page 1 arrived and is held beside the two rows of the first page: no third page
                    assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1");
                    assertThat(stream.bufferedItems()).isEqualTo(2);
                })
                .thenRequest(1)
                .expectNext("1")
                .then(() -> assertThat(exchange.callsById())
                        .containsExactly("start", "fetch /v1/query/<id>/page/1"))
                .thenRequest(1)
                .expectNext("2")
                .then(() -> {
                    // the first page drained: page 1 is unpacked and the last page, fetched at once, ends the query
                    assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                            "fetch /v1/query/<id>/page/2", "finish /v1/query/<id>/final");
                    assertThat(stream.bufferedItems()).isEqualTo(2);
                })
                .thenRequest(Long.MAX_VALUE)
                .expectNext("3", "4", "5")
                .verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "fetch /v1/query/<id>/page/2", "finish /v1/query/<id>/final");
    }

    @Test
    void subscriberThatWantsMoreThanIsHeldHasTheNextPageRequestedBeforeItGetsTheRowsHeld() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")),
                (id, uri) -> Mono.never());
        StepVerifier.create(prefetching(exchange), 3)
                .expectNextMatches(row -> row.equals("1")
                        && exchange.callsById().equals(List.of("start", "fetch /v1/query/<id>/page/1")))
                .expectNext("2")
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void takeOfRowsAlreadyHeldRequestsNoPage() {
        ScriptedExchange exchange = threePages();
        StepVerifier.create(Flux.from(prefetching(exchange)).take(2)).expectNext("1", "2").verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
    }

    @Test
    void withoutPrefetchNoPageIsRequestedBeforeTheRowsHeldAreDrained() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = QueryStream.start(exchange, new QueryRequest("SELECT n", null, 10, 2, null),
                CELLS, false).block(WAIT);
        StepVerifier.create(stream, 0)
                .thenRequest(2)
                .expectNext("1", "2")
                .then(() -> assertThat(exchange.callsById()).containsExactly("start"))
                .thenRequest(1)
                .expectNext("3")
                .then(() -> assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1"))
                .thenRequest(Long.MAX_VALUE)
                .expectNext("4", "5")
                .verifyComplete();
    }

    @Test
    void cancelWhileAPrefetchIsInFlightDisposesItAndKillsTheQuery() {
        AtomicBoolean disposed = new AtomicBoolean();
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")),
                (id, uri) -> Mono.<QueryResponse>never().doOnCancel(() -> disposed.set(true)));
        StepVerifier.create(prefetching(exchange), 1)
                .expectNext("1")
                .then(() -> assertThat(disposed).isFalse())
                .thenCancel()
                .verify(WAIT);
        assertThat(disposed).isTrue();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "kill /v1/query/<id>/kill");
    }

    @Test
    void failureOfThePrefetchedPageComesAfterTheRowsOfTheCurrentPage() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")),
                (id, uri) -> Mono.error(new R2dbcTransientResourceException("reset [query id " + id + "]")));
        StepVerifier.create(prefetching(exchange), 0)
                // the page request failed at once and the query is killed, while both rows are still held
                .then(() -> assertThat(exchange.callsById()).containsExactly("start",
                        "fetch /v1/query/<id>/page/1", "kill /v1/query/<id>/kill"))
                .thenRequest(Long.MAX_VALUE)
                .expectNext("1", "2")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2dbcTransientResourceException.class)
                        .hasMessage("reset [query id " + exchange.queryId + "]"))
                .verify(WAIT);
    }

    @Test
    void queryErrorOnThePrefetchedPageComesAfterTheRowsOfTheCurrentPage() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")),
                (id, uri) -> Mono.just(error(id, 1006, "bad argument")));
        StepVerifier.create(prefetching(exchange), 1)
                .expectNext("1")
                .thenRequest(1)
                .expectNext("2")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2dbcNonTransientResourceException.class)
                        .hasMessage("[1006] bad argument [query id " + exchange.queryId + "]"))
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "finish /v1/query/<id>/final");
    }

    @Test
    void emptyLongPolledPagesAreFollowedOneRequestAtATime() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1")), (id, uri) -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            int number = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
            QueryResponse page = number < 4 ? pageThenPage(id, number + 1) : lastPage(id, "2");
            return Mono.delay(Duration.ofMillis(5)).doOnNext(tick -> inFlight.decrementAndGet()).thenReturn(page);
        });
        StepVerifier.create(prefetching(exchange)).expectNext("1", "2").expectComplete().verify(WAIT);
        assertThat(mostInFlight).hasValue(1);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "fetch /v1/query/<id>/page/2", "fetch /v1/query/<id>/page/3", "fetch /v1/query/<id>/page/4",
                "finish /v1/query/<id>/final");
    }

    @Test
    void slowSubscriberHoldingAPrefetchedPageKeepsTheQueryAlive() throws InterruptedException {
        // result_timeout_secs 1: idle after 500 ms, checked every 250 ms
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(ScriptedExchange.parse(
                "{\"id\":\"" + id + "\",\"node_id\":\"n1\",\"schema\":[{\"name\":\"n\",\"type\":\"Int32\"}],"
                        + "\"data\":[[\"1\"],[\"2\"]],\"result_timeout_secs\":1,\"next_uri\":\"/v1/query/" + id
                        + "/page/1\"}")), (id, uri) -> Mono.just(pageThenPage(id, 2, "3")));
        StepVerifier.create(prefetching(exchange), 1)
                .expectNext("1")
                .then(() -> {
                    try {
                        assertThat(exchange.heartbeatSent.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                })
                .thenCancel()
                .verify(WAIT);
        assertThat(exchange.callsById()).startsWith("start", "fetch /v1/query/<id>/page/1", "heartbeat <id>");
    }
}
