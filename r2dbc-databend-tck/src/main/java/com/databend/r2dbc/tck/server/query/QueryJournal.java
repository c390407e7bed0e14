package com.databend.r2dbc.tck.server.query;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tests may observe about the queries of every node: how many were started, how many are open, which were
 * killed and when.
 */
public final class QueryJournal {

    private final AtomicLong started = new AtomicLong();

    private final AtomicLong open = new AtomicLong();

    private final Map<String, Instant> killed = new ConcurrentHashMap<>();

    void started() {
        this.started.incrementAndGet();
        this.open.incrementAndGet();
    }

    void closed(String id, CloseReason reason) {
        this.open.decrementAndGet();
        if (reason == CloseReason.CANCELED) {
            this.killed.put(id, Instant.now());
        }
    }

    public long startedCount() {
        return this.started.get();
    }

    public long openCount() {
        return this.open.get();
    }

    public Optional<Instant> killedAt(String queryId) {
        return Optional.ofNullable(this.killed.get(queryId));
    }
}
