package com.databend.r2dbc.tck.server.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The client sessions that hold temp tables (docs/protocol.md §6.5), as Databend's client session manager keeps
 * them: by user and client session id, refreshed by every request of the client session (heartbeats included),
 * dropped with their tables by a logout or after {@code idleTimeout} without a request.
 */
public final class TempTableSessions {

    private final Duration idleTimeout;

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private final AtomicLong expired = new AtomicLong();

    /** A temp table, by database and table name (lower case). */
    public record Table(String database, String table) {
    }

    private static final class Entry {

        final Set<Table> tables = new LinkedHashSet<>();

        volatile long lastRefreshMillis = System.currentTimeMillis();
    }

    public TempTableSessions(Duration idleTimeout) {
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout must not be null");
    }

    /** How long a client session with temp tables lives without a request. */
    public Duration idleTimeout() {
        return this.idleTimeout;
    }

    /** A request of the client session arrived: its temp tables live on. */
    public void touch(String user, String clientSessionId) {
        if (clientSessionId == null) {
            return;
        }
        Entry entry = this.sessions.get(key(user, clientSessionId));
        if (entry != null) {
            entry.lastRefreshMillis = System.currentTimeMillis();
        }
    }

    public boolean holdsTables(String user, String clientSessionId) {
        return clientSessionId != null && this.sessions.containsKey(key(user, clientSessionId));
    }

    /** The client session created {@code table}. */
    public void created(String user, String clientSessionId, Table table) {
        Entry entry = this.sessions.computeIfAbsent(key(user, clientSessionId), k -> new Entry());
        synchronized (entry) {
            entry.tables.add(table);
        }
    }

    /**
     * The client session dropped {@code table}; returns whether it still holds temp tables. A session whose last
     * temp table was dropped is forgotten.
     */
    public boolean dropped(String user, String clientSessionId, Table table) {
        String key = key(user, clientSessionId);
        Entry entry = this.sessions.get(key);
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            entry.tables.remove(table);
            if (entry.tables.isEmpty()) {
                this.sessions.remove(key, entry);
                return false;
            }
            return true;
        }
    }

    /** Whether {@code table} is a temp table of the client session. */
    public boolean isTempTable(String user, String clientSessionId, Table table) {
        Entry entry = clientSessionId == null ? null : this.sessions.get(key(user, clientSessionId));
        if (entry == null) {
            return false;
        }
        synchronized (entry) {
            return entry.tables.contains(table);
        }
    }

    /** Forgets the client session (a logout) and returns its temp tables, for the caller to drop. */
    public List<Table> remove(String user, String clientSessionId) {
        Entry entry = clientSessionId == null ? null : this.sessions.remove(key(user, clientSessionId));
        if (entry == null) {
            return List.of();
        }
        synchronized (entry) {
            return List.copyOf(entry.tables);
        }
    }

    /** Forgets the client sessions idle for longer than the timeout and returns their tables, for the caller to drop. */
    public List<Table> expire(long nowMillis) {
        List<Table> tables = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> iterator = this.sessions.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<String, Entry> session = iterator.next();
            Entry entry = session.getValue();
            if (nowMillis - entry.lastRefreshMillis > this.idleTimeout.toMillis()
                && this.sessions.remove(session.getKey(), entry)) {
                this.expired.incrementAndGet();
                synchronized (entry) {
                    tables.addAll(entry.tables);
                }
            }
        }
        return tables;
    }

    /** Client sessions whose temp tables were dropped because they were idle for too long. */
    public long expiredCount() {
        return this.expired.get();
    }

    private static String key(String user, String clientSessionId) {
        return user + '\u0000' + clientSessionId;
    }
}
