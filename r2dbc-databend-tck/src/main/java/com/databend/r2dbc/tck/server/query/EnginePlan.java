package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.TempTableSessions;
import com.databend.r2dbc.tck.server.session.TempTableSessions.Table;
import com.databend.r2dbc.tck.server.session.WritePermission;
import com.databend.r2dbc.tck.server.sql.EngineSession;
import com.databend.r2dbc.tck.server.sql.ExecutionSettings;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

/**
 * A statement for the SQL engine, on a connection of its own or on the transaction's. A temp table it creates or drops
 * is counted to the client session (docs/protocol.md §6.5); the engine keeps it in the client session's schema.
 */
final class EnginePlan implements QueryPlan {

    private final ServerContext context;

    private final QueryRequest request;

    private final String user;

    private final String clientSessionId;

    private final ExecutionSettings settings;

    private final Transaction transaction;

    private EngineSession ownSession;

    private boolean holdsTransaction;

    EnginePlan(ServerContext context, QueryRequest request, String user, String clientSessionId,
               ExecutionSettings settings, Transaction transaction) {
        this.context = context;
        this.request = request;
        this.user = user;
        this.clientSessionId = clientSessionId;
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
        TempTableSessions tempTables = this.context.tempTables();
        StatementExecution execution = mayChangeTempTables()
            ? tempTables.changingTempTables(this.user, this.clientSessionId, () -> execute(engineSession))
            : execute(engineSession);
        countTempTable(query);
        return execution;
    }

    private StatementExecution execute(EngineSession engineSession) {
        return engineSession.execute(this.request.sql(), this.request.params(), this.request.stageAttachment(),
            this.settings);
    }

    /** Whether the statement may create a temp table of the client session, or drop one it holds. */
    private boolean mayChangeTempTables() {
        return this.clientSessionId != null && (TempTableStatements.mayCreateTemp(this.request.sql())
            || !this.settings.tempTables().isEmpty()
            && TempTableStatements.dropped(this.request.sql(), this.settings.database()) != null);
    }

    private void countTempTable(HttpQuery query) {
        if (this.clientSessionId == null) {
            return;
        }
        TempTableSessions tempTables = this.context.tempTables();
        Table created = TempTableStatements.createdTemp(this.request.sql(), this.settings.database());
        if (created != null) {
            tempTables.created(this.user, this.clientSessionId, created);
            query.updateSession(session -> session.withTempTables(true));
            return;
        }
        Table dropped = TempTableStatements.dropped(this.request.sql(), this.settings.database());
        if (dropped != null && tempTables.isTempTable(this.user, this.clientSessionId, dropped)) {
            boolean holdsMore = tempTables.dropped(this.user, this.clientSessionId, dropped);
            query.updateSession(session -> session.withTempTables(holdsMore));
        }
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
