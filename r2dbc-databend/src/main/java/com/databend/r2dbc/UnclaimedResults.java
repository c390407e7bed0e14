package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.QueryStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The results of one connection whose server query is still open while nobody subscribed to them, so that
 * closing the connection releases them at once instead of leaving them to garbage collection or to the server's
 * result timeout. Results that got a subscriber or were closed drop out as soon as the next one is added.
 */
final class UnclaimedResults {

    private final List<QueryStream<?>> streams = new ArrayList<>();

    private boolean released;

    /** Tracks {@code stream}; once {@link #releaseAll()} ran, it is released at once instead. */
    void add(QueryStream<?> stream) {
        requireNonNull(stream, "stream must not be null");
        synchronized (this) {
            streams.removeIf(tracked -> !tracked.awaitsSubscriber());
            if (!released) {
                if (stream.awaitsSubscriber()) {
                    streams.add(stream);
                }
                return;
            }
        }
        stream.abandon();
    }

    /**
     * Releases every tracked result (kill or final, docs/protocol.md §4.3) and completes when the server answered them
     * all.
     */
    Mono<Void> releaseAll() {
        return release(true);
    }

    /**
     * Releases the results tracked so far, as {@link #releaseAll()} does, and keeps tracking those added later: for
     * a connection that goes back to a pool and serves again.
     */
    Mono<Void> releasePending() {
        return release(false);
    }

    private Mono<Void> release(boolean last) {
        List<QueryStream<?>> pending;
        synchronized (this) {
            released |= last;
            pending = new ArrayList<>(streams);
            streams.clear();
        }
        return Flux.fromIterable(pending).flatMap(QueryStream::release).then();
    }
}
