package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.EngineSession;

/** The plans of BEGIN, COMMIT / ROLLBACK and of statements refused with a fixed error (docs/protocol.md §2.3, §3.5). */
final class TransactionPlans {

    private TransactionPlans() {
    }

    /** Fails with {@code error} when it starts. */
    static QueryPlan failing(DatabendError error) {
        return query -> {
            throw error;
        };
    }

    /** BEGIN in auto-commit mode: opens the engine connection the transaction holds until it ends. */
    static QueryPlan begin(ServerContext context, Transactions transactions, String queryId, String user) {
        return query -> {
            EngineSession engineSession = context.engine().openSession();
            try {
                engineSession.begin();
            } catch (RuntimeException e) {
                engineSession.close();
                throw e;
            }
            transactions.put(queryId, new Transaction(engineSession, user));
            query.updateSession(s -> s.withTxnState(TxnState.Active));
            return EmptyExecution.INSTANCE;
        };
    }

    /**
     * COMMIT or ROLLBACK / ABORT: ends {@code transaction} ({@code null} outside one, then nothing happens). A failed
     * transaction is rolled back whatever the statement said, and that succeeds.
     */
    static QueryPlan end(Transaction transaction, boolean commit) {
        return query -> {
            query.updateSession(s -> s.withTxnState(TxnState.AutoCommit));
            if (transaction == null) {
                return EmptyExecution.INSTANCE;
            }
            try {
                transaction.acquire();
            } catch (DatabendError e) {
                transaction.abandon();
                throw e;
            }
            if (commit && !transaction.failed()) {
                try {
                    transaction.session().commit();
                } catch (RuntimeException e) {
                    transaction.abandon();
                    throw e;
                }
                transaction.closeQuietly();
            } else {
                transaction.abandon();
            }
            return EmptyExecution.INSTANCE;
        };
    }
}
