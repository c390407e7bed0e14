package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Where the next response of a query comes from and when to stop asking: follows {@code next_uri} through the
 * pages, polls the state URI of a query that returns no rows until it stopped (docs/protocol.md §4.1), and fails a
 * request that would outlive the statement timeout. Retries of a page live in {@link HttpTransport}.
 *
 * <p>Confined to the drain loop of one {@link QueryStream}.
 */
final class PageFetcher {

    private static final Duration STATE_POLL_INTERVAL = Duration.ofMillis(100);

    private final QueryExchange exchange;
    private final Duration timeout;
    private final long deadlineNanos;
    private String nextUri;
    private boolean pollingState;

    /** {@code timeout} null: no statement timeout; else it ends at {@code deadlineNanos}. */
    PageFetcher(QueryExchange exchange, Duration timeout, long deadlineNanos) {
        this.exchange = exchange;
        this.timeout = timeout;
        this.deadlineNanos = deadlineNanos;
    }

    /** Whether the last response came from the state URI, so it carries a state and no rows. */
    boolean pollingState() {
        return pollingState;
    }

    /**
     * Takes the {@code next_uri} of a response with rows; returns whether it was the last one. A next URI
     * that is neither a page nor the final URI is the state URI, polled from then on.
     */
    boolean follow(QueryResponse response) {
        if (response.isLastPage()) {
            nextUri = null;
            return true;
        }
        nextUri = response.nextUri();
        pollingState = !nextUri.contains("/page/");
        return false;
    }

    /** Whether a state response says the query stopped (succeeded or failed). */
    static boolean stopped(QueryResponse state) {
        return "Succeeded".equals(state.state()) || "Failed".equals(state.state());
    }

    /** Requests the next page or state; fails with a statement timeout when the deadline passes first. */
    Mono<QueryResponse> next(QueryHandle query) {
        Mono<QueryResponse> response = exchange.fetch(query, nextUri);
        if (pollingState) {
            response = Mono.delay(STATE_POLL_INTERVAL).then(response);
        }
        if (timeout == null) {
            return response;
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return Mono.error(timedOut(query));
        }
        return response.timeout(Duration.ofNanos(remaining), Mono.error(() -> timedOut(query)));
    }

    /** Whether the statement timeout has passed. */
    boolean pastDeadline() {
        return timeout != null && System.nanoTime() - deadlineNanos >= 0;
    }

    private Throwable timedOut(QueryHandle query) {
        return ExceptionFactory.statementTimeout(query.queryId(), timeout);
    }
}
