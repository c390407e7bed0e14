package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.internal.client.QueryEnding.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** One verb ends a query: final or kill by reason and server state, once whoever asks. */
class QueryEndingTests {

    private static final QueryHandle RUNNING = new QueryHandle("q1", "n1", "/v1/query/q1/final",
            "/v1/query/q1/kill", false);

    private static ScriptedExchange exchange() {
        return new ScriptedExchange(id -> Mono.never(), (id, uri) -> Mono.never());
    }

    @ParameterizedTest
    @CsvSource({
            "COMPLETED, true, finish /v1/query/q1/final",
            "FAILED, true, finish /v1/query/q1/final",
            "CANCELLED, true, finish /v1/query/q1/final",
            "ABANDONED, true, finish /v1/query/q1/final",
            "TIMED_OUT, true, kill /v1/query/q1/kill",
            "FAILED, false, kill /v1/query/q1/kill",
            "CANCELLED, false, kill /v1/query/q1/kill",
            "ABANDONED, false, kill /v1/query/q1/kill",
            "TIMED_OUT, false, kill /v1/query/q1/kill"})
    void finishesAQueryTheServerIsDoneWithAndKillsOneItMayStillRun(Reason reason, boolean serverDone,
                                                                    String call) {
        ScriptedExchange exchange = exchange();
        QueryEnding ending = new QueryEnding(exchange, RUNNING);
        if (serverDone) {
            ending.track(RUNNING.done());
        }
        ending.end(reason).block(Duration.ofSeconds(5));
        assertThat(exchange.calls()).containsExactly(call);
        assertThat(ending.reason()).isEqualTo(reason);
    }

    @Test
    void aQueryKnownOnlyByItsIdIsKilledByItsId() {
        ScriptedExchange exchange = exchange();
        new QueryEnding(exchange, QueryHandle.byId("abc")).end(Reason.CANCELLED).block(Duration.ofSeconds(5));
        assertThat(exchange.calls()).containsExactly("kill /v1/query/abc/kill");
    }

    @Test
    void endsOnceWhenManyThreadsAsk() throws InterruptedException {
        ScriptedExchange exchange = exchange();
        QueryEnding ending = new QueryEnding(exchange, RUNNING);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (Reason reason : Reason.values()) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ending.end(reason);
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(5000);
        }
        assertThat(exchange.calls()).hasSize(1);
        assertThat(ending.reason()).isNotNull();
        assertThat(ending.end(Reason.COMPLETED).block(Duration.ofSeconds(1))).isNull();
        assertThat(exchange.calls()).hasSize(1);
    }

    @Test
    void aCallerWaitingForAnAnswerThatNeverComesGivesUpAfterTheAnswerTimeout() {
        ScriptedExchange exchange = exchange();
        exchange.finishAnswer = Mono.never();
        StepVerifier.withVirtualTime(() -> new QueryEnding(exchange, RUNNING.done()).end(Reason.COMPLETED))
                .expectSubscription()
                .expectNoEvent(QueryEnding.ANSWER_TIMEOUT.minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .verifyComplete();
        assertThat(exchange.calls()).containsExactly("finish /v1/query/q1/final");
    }

    @Test
    void sendsTheRequestWithoutBeingSubscribedTo() {
        ScriptedExchange exchange = exchange();
        exchange.finishAnswer = Mono.never();
        QueryEnding ending = new QueryEnding(exchange, RUNNING.done());
        ending.end(Reason.COMPLETED);
        assertThat(exchange.calls()).containsExactly("finish /v1/query/q1/final");
    }
}
