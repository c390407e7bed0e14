package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.ExceptionFactory;
import com.databend.r2dbc.internal.client.QueryStream;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The statements of one connection, one at a time, in the order they were subscribed. Each response carries the
 * session the next statement must send, and inside a transaction the server hands the transaction on only once a
 * statement's last page was answered (docs/protocol.md §4.5, §6.4): a statement's {@link Turn} therefore lasts until
 * its query ended, and the next one starts only then. A statement cancelled while it waits leaves the queue without
 * reaching the server; one cancelled while its start is on its way holds the queue until the server answered the
 * start and the kill that follows ({@link #holdUntil}). The queries a turn's work starts besides its statement (a
 * BEGIN, COMMIT or ROLLBACK, the statement of a load or a stage call) hold it until they ended, so that one cancelled
 * while its pages are read holds the queue until its kill was answered.
 *
 * <p>A result that nobody subscribed to would hold its turn forever (its pages are fetched only for a subscriber).
 * Outside a transaction its turn ends when it reaches the application unsubscribed: the next statement runs while it
 * waits, and it can still be read to its end (its responses no longer change the session, see
 * {@code ClientSession}). Inside a transaction, where Databend runs one statement at a time, a statement queued
 * behind such a result releases it (kill). The lock guards only the queue, never I/O.
 */
final class StatementQueue {

    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();
    // guarded by this
    private @Nullable Turn current;

    /** Emits the caller's turn once every statement queued before it ended. */
    Mono<Turn> next() {
        return Mono.create(sink -> {
            Turn turn = new Turn(sink);
            Turn ahead;
            synchronized (this) {
                ahead = current;
                if (ahead == null) {
                    current = turn;
                } else {
                    waiting.add(turn);
                }
            }
            sink.onCancel(turn::end);
            if (ahead == null) {
                turn.grant();
            } else {
                ahead.releaseIfUnclaimed();
            }
        });
    }

    /** Hands the queue on to the next waiting turn, or takes {@code turn} out of the queue if it still waits. */
    private void leave(Turn turn) {
        Turn following;
        synchronized (this) {
            if (current != turn) {
                waiting.remove(turn);
                return;
            }
            following = waiting.poll();
            current = following;
        }
        if (following != null) {
            following.grant();
        }
    }

    /**
     * Keeps the current turn, however it ends, from handing on before {@code settled} completes: a query start
     * cancelled while its request is in flight is settled only once its query was ended by the answer
     * ({@code QueryStream.start}), a query of the turn's work once it ended ({@code QueryStream.ended()}), and the
     * next statement must not reach the server before that.
     */
    void holdUntil(Mono<Void> settled) {
        Turn running;
        synchronized (this) {
            running = current;
        }
        if (running != null) {
            running.holdUntil(settled);
        }
    }

    private synchronized boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** One statement's right to talk to the server; ends once, when its query ended or it failed or was cancelled. */
    final class Turn {

        // dropped once granted: the query's end still reaches this turn, and must not keep the caller's chain (and
        // the result it received) reachable
        private volatile @Nullable MonoSink<Turn> sink;
        private final AtomicBoolean ended = new AtomicBoolean();
        // one for the turn until it ends, one per hold not yet settled: the queue is handed on at zero
        private final AtomicInteger unsettled = new AtomicInteger(1);
        private final Sinks.Empty<Void> over = Sinks.empty();
        private volatile @Nullable QueryStream<?> stream;
        private volatile boolean handedOut;

        private Turn(MonoSink<Turn> sink) {
            this.sink = sink;
        }

        private void grant() {
            MonoSink<Turn> waiter = sink;
            sink = null;
            if (waiter != null) {
                waiter.success(this);
            }
        }

        /** The turn lasts as long as {@code query}: until its last page is in, or it is cancelled or released. */
        void runs(QueryStream<?> query) {
            stream = query;
            query.ended().subscribe(null, error -> end(), this::end);
        }

        /**
         * The query's result reached the application. If nobody subscribed to it, the turn ends now outside a
         * transaction ({@code inTransaction} false), and inside one the result is released when statements wait,
         * so that they do not wait forever.
         */
        void handedOut(boolean inTransaction) {
            handedOut = true;
            QueryStream<?> query = stream;
            if (query != null && query.awaitsSubscriber()) {
                if (!inTransaction) {
                    end();
                } else if (hasWaiting()) {
                    releaseIfUnclaimed();
                }
            }
        }

        /**
         * The statement was cancelled: before its first response the turn ends, and the queue is handed on once the
         * query was ended by that response ({@link #holdUntil}); after it, a cancel only means the result was taken,
         * and the turn lasts as long as the query.
         */
        void cancelled() {
            if (stream == null) {
                end();
            }
        }

        /** Completes when this turn ended. */
        Mono<Void> ended() {
            return over.asMono();
        }

        /**
         * {@link #ended()}, for the next statement of the same {@code execute()}. Inside a transaction
         * ({@code inTransaction}) a result that reached the application unsubscribed is read ahead
         * ({@link QueryStream#readAhead()}), so that results collected before any is read do not hold the statements
         * after them forever; when it is too long for that, fails with {@link ExceptionFactory#unreadResult}.
         */
        Mono<Void> followed(boolean inTransaction) {
            QueryStream<?> query = stream;
            if (!inTransaction || query == null || !query.awaitsSubscriber()) {
                return ended();
            }
            return Mono.firstWithSignal(ended(),
                    query.readAhead().then(Mono.error(() -> ExceptionFactory.unreadResult(query.queryId()))));
        }

        private void releaseIfUnclaimed() {
            QueryStream<?> query = stream;
            // a turn that ended no longer holds the queue by its result, at most by a start still settling
            if (handedOut && !ended.get() && query != null && query.awaitsSubscriber()) {
                query.abandon();
            }
        }

        private void holdUntil(Mono<Void> settled) {
            unsettled.incrementAndGet();
            settled.subscribe(null, error -> settle(), this::settle);
        }

        /** Ends the turn; the queue is handed on once the holds on it settled ({@link #holdUntil}). */
        void end() {
            if (ended.compareAndSet(false, true)) {
                settle();
            }
        }

        private void settle() {
            if (unsettled.decrementAndGet() == 0) {
                leave(this);
                over.tryEmitEmpty();
            }
        }
    }
}
