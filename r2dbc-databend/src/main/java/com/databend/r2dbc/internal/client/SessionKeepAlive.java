package com.databend.r2dbc.internal.client;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Keeps an idle session's server-side state, such as its temp tables, from expiring (docs/protocol.md §4.4, §6.5):
 * while the session says {@code need_keep_alive} or {@code need_sticky} and the connection sent no request for
 * half an interval, a heartbeat naming no query is sent every interval. One timer per connection on Reactor's
 * parallel scheduler. A failed heartbeat is logged at DEBUG and otherwise ignored: a session the server lost fails
 * the connection's next statement with the server's error.
 */
public final class SessionKeepAlive {

    private static final Logger LOGGER = Loggers.getLogger(SessionKeepAlive.class);

    private final Disposable beating;

    private SessionKeepAlive(Disposable beating) {
        this.beating = beating;
    }

    /** Starts the heartbeats of {@code session}; none when {@code interval} is zero. */
    public static SessionKeepAlive start(ClientSession session, Duration interval) {
        requireNonNull(session, "session must not be null");
        requireNonNull(interval, "interval must not be null");
        if (interval.isZero()) {
            return new SessionKeepAlive(Disposables.disposed());
        }
        long idleNanos = interval.toNanos() / 2;
        Disposable beating = Flux.interval(interval, interval, Schedulers.parallel())
                .onBackpressureDrop()
                .filter(tick -> session.idleAndNeedsHeartbeat(idleNanos))
                .concatMap(tick -> session.sessionHeartbeat().onErrorResume(error -> {
                    LOGGER.debug("Session heartbeat failed ({}): {}", session, error.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
        return new SessionKeepAlive(beating);
    }

    /** Stops the heartbeats; a heartbeat in flight is cancelled. */
    public void stop() {
        beating.dispose();
    }
}
