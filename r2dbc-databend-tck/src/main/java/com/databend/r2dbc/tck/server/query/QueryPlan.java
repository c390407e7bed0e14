package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

/**
 * What a query runs: a session statement or an engine statement, in auto-commit mode or inside a transaction.
 */
public interface QueryPlan {

    /**
     * Starts the statement on a worker thread. It may change the query's session and affect.
     *
     * @throws DatabendError when the statement fails
     */
    StatementExecution open(HttpQuery query);

    /** Called under the query's lock, before the failure is visible to clients; must be quick. */
    default void failed(DatabendError error) {
    }

    /** Releases engine resources once the statement ended, on a worker thread, exactly once. */
    default void release() {
    }
}
