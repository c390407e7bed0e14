package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static com.databend.r2dbc.internal.client.ScriptedExchange.error;
import static com.databend.r2dbc.internal.client.ScriptedExchange.lastPage;
import static com.databend.r2dbc.internal.client.ScriptedExchange.page;
import static com.databend.r2dbc.internal.client.ScriptedExchange.pageThenPage;
import static com.databend.r2dbc.internal.client.ScriptedExchange.threePages;
import static org.assertj.core.api.Assertions.assertThat;

/** Paging, ending (each reason), heartbeat and statement timeout of {@link QueryStream}, without sockets. */
class QueryStreamTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Emits the first cell of every row; {@code onComplete} emits {@code "end"} after a state poll. */
    private static final PageMapper<String> CELLS = new PageMapper<>() {
        @Override
        public void onPage(QueryResponse page, Consumer<? super String> out) {
            page.rowsAsStrings().forEach(row -> out.accept(row[0]));
        }

        @Override
        public void onComplete(QueryResponse lastPage, Consumer<? super String> out) {
            if (lastPage.rowsAsStrings().isEmpty() && lastPage.state() != null && lastPage.state().equals("Succeeded")) {
                out.accept("end");
            }
        }
    };

    private static QueryRequest request(Duration timeout) {
        return new QueryRequest("SELECT n", null, 10, 2, timeout);
    }

    private static QueryStream<String> started(ScriptedExchange exchange) {
        return QueryStream.start(exchange, request(null), CELLS).block(WAIT);
    }

    @Test
    void pagesAreFetchedOnlyWhenDemandExceedsTheBufferedRows() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = started(exchange);
        assertThat(stream.bufferedItems()).isEqualTo(2);
        assertThat(stream.queryId()).isEqualTo(exchange.queryId);
        StepVerifier.create(stream, 0)
                .thenRequest(2)
                .expectNext("1", "2")
                .then(() -> assertThat(exchange.callsById()).containsExactly("start"))
                .thenRequest(1)
                .expectNext("3")
                .then(() -> {
                    assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1");
                    assertThat(stream.bufferedItems()).isEqualTo(1);
                })
                .thenRequest(Long.MAX_VALUE)
                .expectNext("4", "5")
                .verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "fetch /v1/query/<id>/page/2", "finish /v1/query/<id>/final");
    }

    /**
     * A result read to its second page no longer keeps its first one: the subscription the start answered on is
     * detached once it emitted, so a long result holds the pages it reads, not the first one besides.
     */
    @Test
    void aResultReadPastItsFirstPageNoLongerHoldsIt() {
        AtomicReference<WeakReference<QueryResponse>> firstPage = new AtomicReference<>();
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.fromSupplier(() -> {
            QueryResponse first = pageThenPage(id, 1, "1", "2");
            firstPage.set(new WeakReference<>(first));
            return first;
        }), (id, uri) -> Mono.just(uri.endsWith("/page/1") ? pageThenPage(id, 2, "3", "4") : lastPage(id, "5")));
        StepVerifier.create(QueryStream.start(exchange, request(null), CELLS).flatMapMany(stream -> stream), 0)
                .thenRequest(3)
                .expectNext("1", "2", "3")
                .then(() -> assertThat(collected(firstPage.get())).isTrue())
                .thenRequest(Long.MAX_VALUE)
                .expectNext("4", "5")
                .verifyComplete();
    }

    /** Whether {@code reference} was cleared within a few full collections. */
    private static boolean collected(WeakReference<?> reference) {
        for (int i = 0; i < 10 && reference.get() != null; i++) {
            System.gc();
        }
        return reference.get() == null;
    }

    /**
     * Read ahead without a subscriber, a query holds what it holds for one (a page of rows and the response after
     * it): one page request, then readAhead completes and nothing more is fetched until a subscriber reads on.
     */
    @Test
    void readingAheadStopsOnceAPageAndTheResponseAfterItAreHeld() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = started(exchange);
        StepVerifier.create(stream.readAhead()).verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1");
        assertThat(stream.awaitsSubscriber()).isTrue();
        StepVerifier.create(stream).expectNext("1", "2", "3", "4", "5").verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "fetch /v1/query/<id>/page/2", "finish /v1/query/<id>/final");
    }

    /** A query whose last page comes in while it is read ahead ends (final), its rows kept for a subscriber. */
    @Test
    void aQueryReadAheadToItsLastPageEnds() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")),
                (id, uri) -> Mono.just(lastPage(id, "3")));
        QueryStream<String> stream = started(exchange);
        StepVerifier.create(stream.readAhead()).expectSubscription().expectNoEvent(Duration.ZERO).thenCancel()
                .verify(WAIT);
        StepVerifier.create(stream.ended()).verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "finish /v1/query/<id>/final");
        StepVerifier.create(stream).expectNext("1", "2", "3").verifyComplete();
        assertThat(exchange.callsById()).hasSize(3);
    }

    @Test
    void aSubscriberReadingTheBufferedCountFromWithinOnNextSeesTheRowsStillHeld() {
        QueryStream<String> stream = started(threePages());
        List<Integer> seen = new ArrayList<>();
        StepVerifier.create(Flux.from(stream).doOnNext(row -> seen.add(stream.bufferedItems())))
                .expectNext("1", "2", "3", "4", "5")
                .verifyComplete();
        assertThat(seen).containsExactly(1, 0, 1, 0, 0);
    }

    @Test
    void resultCompletesWhenItsLastPageIsInThoughFinalIsNeverAnswered() {
        ScriptedExchange exchange = threePages();
        exchange.finishAnswer = Mono.never();
        StepVerifier.create(started(exchange))
                .expectNext("1", "2", "3", "4", "5")
                .expectComplete()
                .verify(Duration.ofSeconds(1));
        assertThat(exchange.callsById()).endsWith("finish /v1/query/<id>/final");
    }

    @Test
    void firstResponseThatIsTheLastIsFinishedBeforeAnybodySubscribes() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(lastPage(id, "7")), (id, uri) ->
                Mono.error(new AssertionError("no page expected")));
        QueryStream<String> stream = started(exchange);
        assertThat(exchange.callsById()).containsExactly("start", "finish /v1/query/<id>/final");
        assertThat(stream.awaitsSubscriber()).isFalse();
        assertThat(stream.release().block(WAIT)).isNull();
        StepVerifier.create(stream).expectNext("7").verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "finish /v1/query/<id>/final");
    }

    @Test
    void queryErrorOfTheFirstResponseFailsTheStartAndFinishesTheQuery() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(error(id, 1025, "Unknown table 't'")),
                (id, uri) -> Mono.error(new AssertionError("no page expected")));
        StepVerifier.create(QueryStream.start(exchange, request(null), CELLS))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(R2dbcBadGrammarException.class)
                            .hasMessage("[1025] Unknown table 't' [query id " + exchange.queryId + "]");
                    assertThat(((R2dbcException) e).getErrorCode()).isEqualTo(1025);
                    assertThat(((R2dbcException) e).getSqlState()).isEqualTo("42S02");
                })
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "finish /v1/query/<id>/final");
    }

    @Test
    void queryErrorOnAPageFailsTheResultAndFinishesTheQuery() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1")),
                (id, uri) -> Mono.just(error(id, 1006, "bad argument")));
        StepVerifier.create(started(exchange))
                .expectNext("1")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2dbcNonTransientResourceException.class)
                        .hasMessage("[1006] bad argument [query id " + exchange.queryId + "]"))
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "finish /v1/query/<id>/final");
    }

    @Test
    void pageThatCannotBeFetchedFailsTheResultAndKillsTheQuery() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1")),
                (id, uri) -> Mono.error(new R2dbcTransientResourceException("reset [query id " + id + "]")));
        StepVerifier.create(started(exchange))
                .expectNext("1")
                .expectError(R2dbcTransientResourceException.class)
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "kill /v1/query/<id>/kill");
    }

    @Test
    void statementTimeoutFailsTheResultWithTheQueryIdAndKillsTheQuery() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1")),
                (id, uri) -> Mono.never());
        QueryStream<String> stream = QueryStream.start(exchange, request(Duration.ofMillis(200)), CELLS).block(WAIT);
        StepVerifier.create(stream)
                .expectNext("1")
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(R2dbcTimeoutException.class)
                        .hasMessage("Statement timed out after 200 ms [query id " + exchange.queryId + "]"))
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>/page/1",
                "kill /v1/query/<id>/kill");
    }

    @Test
    void statementTimeoutBeforeTheFirstResponseKillsTheQueryById() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.never(), (id, uri) -> Mono.never());
        StepVerifier.create(QueryStream.start(exchange, request(Duration.ofMillis(100)), CELLS))
                .expectError(R2dbcTimeoutException.class)
                .verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
    }

    @Test
    void cancelBeforeTheLastPageKillsTheQueryOnce() {
        ScriptedExchange exchange = threePages();
        StepVerifier.create(Flux.from(started(exchange)).take(1)).expectNext("1").verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
    }

    @Test
    void cancelAfterTheLastPageIsInSendsNothingMore() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(lastPage(id, "1", "2")), (id, uri) ->
                Mono.error(new AssertionError("no page expected")));
        StepVerifier.create(Flux.from(started(exchange)).take(1)).expectNext("1").verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "finish /v1/query/<id>/final");
    }

    @Test
    void cancelWhileStartingKillsTheQueryById() {
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.never(), (id, uri) -> Mono.never());
        Disposable starting = QueryStream.start(exchange, request(null), CELLS).subscribe();
        starting.dispose();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
    }

    /** Starts a query whose first response is {@code answer}, cancelled before it came; {@code settling} is told. */
    private static ScriptedExchange cancelledWhileStarting(Sinks.One<QueryResponse> answer,
                                                           List<Mono<Void>> settling) {
        ScriptedExchange exchange = new ScriptedExchange(id -> answer.asMono(), (id, uri) -> Mono.never());
        QueryStream.start(exchange, request(null), CELLS, false, settling::add).subscribe().dispose();
        return exchange;
    }

    @Test
    void cancelWhileStartingKillsTheQueryAgainByItsAnswerAndOnlyThenSettles() {
        Sinks.One<QueryResponse> answer = Sinks.one();
        List<Mono<Void>> settling = new ArrayList<>();
        ScriptedExchange exchange = cancelledWhileStarting(answer, settling);
        AtomicBoolean settled = new AtomicBoolean();
        settling.get(0).subscribe(null, null, () -> settled.set(true));
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
        assertThat(settled).isFalse();
        answer.tryEmitValue(pageThenPage(exchange.queryId, 1, "1"));
        assertThat(settled).isTrue();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill",
                "kill /v1/query/<id>/kill");
    }

    @Test
    void cancelWhileStartingFinishesAQueryItsAnswerSaysIsDone() {
        Sinks.One<QueryResponse> answer = Sinks.one();
        List<Mono<Void>> settling = new ArrayList<>();
        ScriptedExchange exchange = cancelledWhileStarting(answer, settling);
        answer.tryEmitValue(lastPage(exchange.queryId, "1"));
        StepVerifier.create(settling.get(0)).verifyComplete();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill",
                "finish /v1/query/<id>/final");
    }

    @Test
    void abandonedResultWithPendingPagesIsKilledOnce() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = started(exchange);
        assertThat(stream.awaitsSubscriber()).isTrue();
        stream.release().block(WAIT);
        stream.release().block(WAIT);
        stream.abandon();
        assertThat(stream.awaitsSubscriber()).isFalse();
        assertThat(exchange.callsById()).containsExactly("start", "kill /v1/query/<id>/kill");
    }

    @Test
    void subscribedResultIsNotReleased() {
        ScriptedExchange exchange = threePages();
        QueryStream<String> stream = started(exchange);
        StepVerifier.create(stream, 1)
                .expectNext("1")
                .then(() -> {
                    stream.release().block(WAIT);
                    stream.abandon();
                    assertThat(exchange.callsById()).containsExactly("start");
                })
                .thenCancel()
                .verify(WAIT);
    }

    @Test
    void resultCanBeConsumedOnce() {
        QueryStream<String> stream = started(threePages());
        StepVerifier.create(stream, 0).thenCancel().verify(WAIT);
        StepVerifier.create(stream)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(stream.queryId()))
                .verify(WAIT);
    }

    @Test
    void stateUriIsPolledUntilTheQueryStopped() {
        AtomicInteger polls = new AtomicInteger();
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(page(id, "/v1/query/" + id)),
                (id, uri) -> Mono.just(ScriptedExchange.parse("{\"state\":\""
                        + (polls.incrementAndGet() < 3 ? "Running" : "Succeeded") + "\",\"error\":null}")));
        StepVerifier.create(started(exchange)).expectNext("end").expectComplete().verify(WAIT);
        assertThat(exchange.callsById()).containsExactly("start", "fetch /v1/query/<id>", "fetch /v1/query/<id>",
                "fetch /v1/query/<id>", "finish /v1/query/<id>/final");
    }

    @Test
    void slowSubscriberKeepsTheQueryAliveWithHeartbeats() throws InterruptedException {
        // result_timeout_secs 1: idle after 500 ms, checked every 250 ms
        ScriptedExchange exchange = new ScriptedExchange(id -> Mono.just(ScriptedExchange.parse(
                "{\"id\":\"" + id + "\",\"node_id\":\"n1\",\"schema\":[{\"name\":\"n\",\"type\":\"Int32\"}],"
                        + "\"data\":[[\"1\"],[\"2\"]],\"result_timeout_secs\":1,\"next_uri\":\"/v1/query/" + id
                        + "/page/1\"}")), (id, uri) -> Mono.just(lastPage(id, "3")));
        QueryStream<String> stream = started(exchange);
        StepVerifier.create(stream, 1)
                .expectNext("1")
                .then(() -> {
                    try {
                        assertThat(exchange.heartbeatSent.await(5, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                })
                .thenRequest(2)
                .expectNext("2", "3")
                .verifyComplete();
        assertThat(exchange.callsById()).startsWith("start", "heartbeat <id>");
    }
}
