package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.ExecutionSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The client sessions that hold temp tables (docs/protocol.md §6.5), as Databend's client session manager keeps
 * them: by user and client session id, refreshed by every request of the client session (heartbeats included),
 * dropped with their tables by a logout or after {@code idleTimeout} without a request. A client session's temp
 * tables of a database live in an engine schema of their own (named by {@link #schemaPrefix} and the database),
 * which only its statements look into; the statement that drops the last temp table of a schema drops the schema.
 */
public final class TempTableSessions {

    /** How many locks the client sessions share for the statements that make or drop their temp schemas. */
    private static final int SCHEMA_LOCKS = 64;

    private final Duration idleTimeout;

    /**
     * Locks striped by client session: a client session's statements that create or drop its temp tables take its
     * lock, which it shares with a few other client sessions; they are few and short, so sharing costs little and the
     * locks need no life cycle.
     */
    private final Object[] schemaLocks = new Object[SCHEMA_LOCKS];

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();

    private final AtomicLong expired = new AtomicLong();

    /** A temp table, by database and table name (lower case). */
    public record Table(String database, String table) {
    }

    private static final class Entry {

        final String schemaPrefix;

        final Set<Table> tables = new LinkedHashSet<>();

        /** The engine schemas the session's temp tables were created in, dropped with the session. */
        final Set<String> schemas = new LinkedHashSet<>();

        Entry(String schemaPrefix) {
            this.schemaPrefix = schemaPrefix;
        }

        volatile long lastRefreshMillis = System.currentTimeMillis();

        synchronized List<String> schemas() {
            return List.copyOf(this.schemas);
        }
    }

    public TempTableSessions(Duration idleTimeout) {
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout must not be null");
        for (int i = 0; i < SCHEMA_LOCKS; i++) {
            this.schemaLocks[i] = new Object();
        }
    }

    /** How long a client session with temp tables lives without a request. */
    public Duration idleTimeout() {
        return this.idleTimeout;
    }

    /**
     * How the engine schemas of the client session's temp tables begin, one per database
     * ({@link ExecutionSettings#tempSchema}): the same for the same user and client session.
     */
    public static String schemaPrefix(String user, String clientSessionId) {
        return ExecutionSettings.TEMP_SCHEMA_PREFIX + UUID.nameUUIDFromBytes(key(user, clientSessionId)
            .getBytes(StandardCharsets.UTF_8)).toString().replace("-", "") + "_";
    }

    /**
     * What one statement of the client session sees of its temp tables: how their schemas begin and their names as
     * {@code database.table} when it holds any; when it holds none, the schema prefix alone for a statement that may
     * create one ({@code mayCreate}), else nothing. So a statement that cannot concern a temp table costs no digest.
     */
    public Scope scope(String user, String clientSessionId, boolean mayCreate) {
        if (clientSessionId == null) {
            return Scope.NONE;
        }
        Entry entry = this.sessions.get(key(user, clientSessionId));
        if (entry == null) {
            return mayCreate ? new Scope(schemaPrefix(user, clientSessionId), Set.of()) : Scope.NONE;
        }
        synchronized (entry) {
            Set<String> names = new LinkedHashSet<>();
            entry.tables.forEach(table -> names.add(table.database() + "." + table.table()));
            return new Scope(entry.schemaPrefix, names);
        }
    }

    /**
     * The temp tables of a client session as one statement sees them: how the engine schemas that hold them begin
     * ({@code null} when the statement needs none) and their names as {@code database.table}.
     */
    public record Scope(String schemaPrefix, Set<String> tables) {

        static final Scope NONE = new Scope(null, Set.of());
    }

    /**
     * Runs a statement of the client session that may create or drop one of its temp tables, one at a time for the
     * client session: the statements of one client session may run at once on several engine connections, and a
     * {@code DROP TABLE} that drops the last table of a temp schema, then the schema, must not drop it under a
     * {@code CREATE TEMP TABLE} that found the schema there and is about to create its table in it. Blocks the calling
     * thread (a worker that runs SQL) while another such statement of the client session runs.
     */
    public <T> T changingTempTables(String user, String clientSessionId, Supplier<T> statement) {
        synchronized (this.schemaLocks[Math.floorMod(key(user, clientSessionId).hashCode(), SCHEMA_LOCKS)]) {
            return statement.get();
        }
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
        Entry entry = this.sessions.computeIfAbsent(key(user, clientSessionId),
            k -> new Entry(schemaPrefix(user, clientSessionId)));
        synchronized (entry) {
            entry.tables.add(table);
            entry.schemas.add(ExecutionSettings.tempSchema(entry.schemaPrefix, table.database()));
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

    /**
     * Forgets the client session (a logout) and returns the schemas of its temp tables for the caller to drop, or
     * nothing when it held none.
     */
    public List<String> remove(String user, String clientSessionId) {
        Entry entry = clientSessionId == null ? null : this.sessions.remove(key(user, clientSessionId));
        return entry == null ? List.of() : entry.schemas();
    }

    /**
     * Forgets the client sessions idle for longer than the timeout and returns the schemas of their temp tables, for
     * the caller to drop.
     */
    public List<String> expire(long nowMillis) {
        List<String> schemas = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> iterator = this.sessions.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<String, Entry> session = iterator.next();
            Entry entry = session.getValue();
            if (nowMillis - entry.lastRefreshMillis > this.idleTimeout.toMillis()
                && this.sessions.remove(session.getKey(), entry)) {
                this.expired.incrementAndGet();
                schemas.addAll(entry.schemas());
            }
        }
        return schemas;
    }

    /** Client sessions whose temp tables were dropped because they were idle for too long. */
    public long expiredCount() {
        return this.expired.get();
    }

    private static String key(String user, String clientSessionId) {
        return user + '\u0000' + clientSessionId;
    }
}
