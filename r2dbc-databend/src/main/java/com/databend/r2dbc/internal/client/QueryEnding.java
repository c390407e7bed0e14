package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ends one query on the server, once, whoever asks first: the drain loop (completed, failed, timed out), the
 * subscriber (cancelled) or the connection (abandoned). A query whose last page is in is finished with
 * {@code final_uri}; one the server may still be running is killed. The call is sent at once and never waited
 * for by a result; its errors are dropped (docs/protocol.md §4.3). Only a caller that waits for the answer (a
 * connection releasing its results) gives up after a short timeout; the call itself waits for its answer at most
 * {@link #ANSWER_TIMEOUT} by Netty's read timeout on its connection ({@code HttpTransport.postEnding}), so a query
 * that ends on its own arms no timer of Reactor's.
 *
 * <p>The handle is published by the drain loop through a volatile field; any thread may end the query.
 */
final class QueryEnding {

    /** Why a query ends. */
    enum Reason { COMPLETED, CANCELLED, ABANDONED, TIMED_OUT, FAILED }

    /** How long the answer to {@code final} or {@code kill} is awaited before it is given up. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);

    private final QueryExchange exchange;
    private final AtomicReference<Reason> reason = new AtomicReference<>();
    private final Sinks.Empty<Void> ended = Sinks.empty();
    private volatile QueryHandle handle;

    QueryEnding(QueryExchange exchange, QueryHandle handle) {
        this.exchange = exchange;
        this.handle = handle;
    }

    /** Publishes the latest URIs and whether the server is done. */
    void track(QueryHandle latest) {
        handle = latest;
    }

    QueryHandle handle() {
        return handle;
    }

    /** Why the query ended, or {@code null} while it runs. */
    Reason reason() {
        return reason.get();
    }

    /**
     * Completes once the query ended: at once when it is finished with {@code final}, once the server answered (or
     * {@link #ANSWER_TIMEOUT} passed) when it is killed.
     */
    Mono<Void> ended() {
        return ended.asMono();
    }

    /**
     * Ends the query for {@code why} unless it has ended already: sends {@code final} when the server is done
     * and the reason is not a timeout, else {@code kill}. The returned Mono completes once the server answered,
     * failed or {@link #ANSWER_TIMEOUT} passed; the request is sent whether or not it is subscribed to.
     */
    Mono<Void> end(Reason why) {
        if (!reason.compareAndSet(null, why)) {
            return Mono.empty();
        }
        QueryHandle query = handle;
        Mono<Void> call = query.serverDone() && why != Reason.TIMED_OUT ? exchange.finish(query)
                : exchange.kill(query);
        Mono<Void> answered = call.onErrorResume(e -> Mono.empty()).cache();
        answered.subscribe();
        Mono<Void> bounded = answered.timeout(ANSWER_TIMEOUT, Mono.empty());
        if (query.serverDone() && why != Reason.TIMED_OUT) {
            ended.tryEmitEmpty();
        } else {
            // the next statement of the session waits until the server stopped this one
            bounded.subscribe(null, error -> ended.tryEmitEmpty(), ended::tryEmitEmpty);
        }
        return bounded;
    }

    /**
     * Ends the query again by its first response, which came after the query was ended by its id: that kill may have
     * reached the server before the query did. Sends {@code final} when the response says the server is done, else
     * {@code kill} by the URI it names; completes once the server answered, failed or {@link #ANSWER_TIMEOUT} passed.
     */
    Mono<Void> endAgain(QueryResponse first) {
        QueryHandle query = new QueryHandle(handle.queryId(), first.nodeId(), null, null, false).with(first);
        Mono<Void> call = first.error() != null || first.isLastPage() ? exchange.finish(query.done())
                : exchange.kill(query);
        return call.onErrorResume(e -> Mono.empty()).timeout(ANSWER_TIMEOUT, Mono.empty());
    }
}
