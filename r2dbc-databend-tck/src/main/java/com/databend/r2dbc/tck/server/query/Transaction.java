package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.EngineSession;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/** An open transaction: the engine connection held from BEGIN until COMMIT / ROLLBACK (docs/protocol.md §2.3, §3.5). */
final class Transaction {

    private static final long STATEMENT_WAIT_SECS = 30;

    private final EngineSession session;

    private final String user;

    /** One statement at a time on the connection, including the release of the previous one's result. */
    private final Semaphore statement = new Semaphore(1);

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

    /**
     * Waits (on a worker thread) until the previous statement of the transaction released the connection.
     *
     * @throws DatabendError when it does not within the wait
     */
    void acquire() {
        try {
            if (!this.statement.tryAcquire(STATEMENT_WAIT_SECS, TimeUnit.SECONDS)) {
                throw new DatabendError(4001, "the previous statement of the transaction did not finish within "
                    + STATEMENT_WAIT_SECS + " secs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabendError(1043, "interrupted while waiting for the transaction's connection");
        }
    }

    void releaseStatement() {
        this.statement.release();
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

    /** Waits (on a worker thread) for the running statement to release the connection, then abandons. */
    void abandonAfterStatement() {
        try {
            acquire();
        } catch (DatabendError e) {
            // rolled back and closed all the same
        }
        abandon();
    }

    void closeQuietly() {
        try {
            this.session.close();
        } catch (RuntimeException ignored) {
            // nothing more can be done with a connection that fails to close
        }
    }
}
