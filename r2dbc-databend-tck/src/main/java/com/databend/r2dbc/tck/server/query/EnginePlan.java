package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.WritePermission;
import com.databend.r2dbc.tck.server.sql.EngineSession;
import com.databend.r2dbc.tck.server.sql.ExecutionSettings;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

/** A statement for the SQL engine, on a connection of its own or on the transaction's. */
final class EnginePlan implements QueryPlan {

    private final ServerContext context;

    private final QueryRequest request;

    private final String user;

    private final ExecutionSettings settings;

    private final Transaction transaction;

    private EngineSession ownSession;

    private boolean holdsTransaction;

    EnginePlan(ServerContext context, QueryRequest request, String user, ExecutionSettings settings,
               Transaction transaction) {
        this.context = context;
        this.request = request;
        this.user = user;
        this.settings = settings;
        this.transaction = transaction;
    }

    @Override
    public StatementExecution open(HttpQuery query) {
        WritePermission.check(this.context.users(), this.user, this.settings.database(),
            this.request.sql());
        EngineSession engineSession;
        if (this.transaction != null) {
            this.transaction.acquire();
            synchronized (this) {
                this.holdsTransaction = true;
            }
            engineSession = this.transaction.session();
        } else {
            synchronized (this) {
                this.ownSession = this.context.engine().openSession();
                engineSession = this.ownSession;
            }
        }
        return engineSession.execute(this.request.sql(), this.request.params(), this.request.stageAttachment(),
            this.settings);
    }

    @Override
    public void failed(DatabendError failure) {
        if (this.transaction != null) {
            this.transaction.markFailed();
        }
    }

    @Override
    public void release() {
        EngineSession session;
        boolean heldTransaction;
        synchronized (this) {
            session = this.ownSession;
            this.ownSession = null;
            heldTransaction = this.holdsTransaction;
            this.holdsTransaction = false;
        }
        if (session != null) {
            session.close();
        }
        if (heldTransaction) {
            this.transaction.touch();
            this.transaction.releaseStatement();
        }
    }
}
