package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.EngineSession;

import static java.util.Objects.requireNonNull;

/** An open transaction: the engine connection held from BEGIN until COMMIT / ROLLBACK (§2.3, §3.5). */
final class Transaction {

    private final EngineSession session;

    private final String user;

    private volatile boolean failed;

    private volatile long lastUsedMillis = System.currentTimeMillis();

    Transaction(EngineSession session, String user) {
        this.session = requireNonNull(session, "session must not be null");
        this.user = requireNonNull(user, "user must not be null");
    }

    EngineSession session() {
        return this.session;
    }

    String user() {
        return this.user;
    }

    boolean failed() {
        return this.failed;
    }

    void markFailed() {
        this.failed = true;
    }

    void touch() {
        this.lastUsedMillis = System.currentTimeMillis();
    }

    long lastUsedMillis() {
        return this.lastUsedMillis;
    }

    /** Rolls back and closes the engine connection; never throws. */
    void abandon() {
        try {
            this.session.rollback();
        } catch (RuntimeException ignored) {
            // the connection is closed below whatever state it is in
        } finally {
            closeQuietly();
        }
    }

    void closeQuietly() {
        try {
            this.session.close();
        } catch (RuntimeException ignored) {
            // nothing more can be done with a connection that fails to close
        }
    }
}
