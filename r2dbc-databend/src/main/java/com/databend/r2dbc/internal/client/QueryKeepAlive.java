package com.databend.r2dbc.internal.client;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * Keeps an open query from timing out on the server while its subscriber is slow (docs/protocol.md §4.4): once the
 * query has been idle for half of {@code result_timeout_secs}, a heartbeat is sent, until the server says it
 * wants none or {@link #stop()} is called. A page request in flight counts as activity.
 */
final class QueryKeepAlive {

    private static final long MIN_PERIOD_MILLIS = 250;

    private final QueryExchange exchange;
    private final Long resultTimeoutSecs;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean requesting;
    private volatile Disposable beating;

    QueryKeepAlive(QueryExchange exchange, Long resultTimeoutSecs) {
        this.exchange = exchange;
        this.resultTimeoutSecs = resultTimeoutSecs;
    }

    /** A request for {@code query} is sent ({@code true}) or answered ({@code false}). */
    void requesting(boolean inFlight) {
        requesting = inFlight;
        lastActivityNanos = System.nanoTime();
    }

    /** Starts the heartbeats; nothing when the server named no result timeout. */
    void start(QueryHandle query) {
        if (resultTimeoutSecs == null || resultTimeoutSecs <= 0) {
            return;
        }
        long idleLimitNanos = Duration.ofSeconds(resultTimeoutSecs).toNanos() / 2;
        Duration period = Duration.ofMillis(Math.max(MIN_PERIOD_MILLIS, resultTimeoutSecs * 1000 / 4));
        beating = Flux.interval(period, period)
                .filter(tick -> !requesting && System.nanoTime() - lastActivityNanos >= idleLimitNanos)
                .concatMap(tick -> exchange.heartbeat(query).onErrorReturn(true)
                        .doOnNext(more -> lastActivityNanos = System.nanoTime()))
                .takeWhile(more -> more)
                .subscribe(null, e -> { });
    }

    void stop() {
        Disposable current = beating;
        if (current != null) {
            current.dispose();
        }
    }
}
