package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.ClientSession;
import com.databend.r2dbc.tck.server.session.SessionInternal;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.SessionStatement;
import com.databend.r2dbc.tck.server.session.SessionStatements;
import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.session.UserRegistry;
import com.databend.r2dbc.tck.server.session.WritePermission;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.EngineSession;
import com.databend.r2dbc.tck.server.sql.ExecutionSettings;
import com.databend.r2dbc.tck.server.sql.StatementExecution;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The queries of one node: starting them (session restore, transaction checks, session statements, permissions),
 * finding them for page / final / kill requests, heartbeats and expiry.
 */
public final class QueryService implements AutoCloseable {

    private static final Duration SWEEP_PERIOD = Duration.ofMillis(100);

    private static final long IDLE_TRANSACTION_MILLIS = Duration.ofHours(4).toMillis();

    private final String nodeId;

    private final ServerContext context;

    private final QueryRegistry registry;

    private final Transactions transactions = new Transactions();

    private final Disposable sweeper;

    public QueryService(String nodeId, ServerContext context) {
        this.nodeId = requireNonNull(nodeId, "nodeId must not be null");
        this.context = requireNonNull(context, "context must not be null");
        this.registry = new QueryRegistry(nodeId);
        this.sweeper = Flux.interval(SWEEP_PERIOD, SWEEP_PERIOD, context.worker())
            .subscribe(tick -> sweep());
    }

    public String nodeId() {
        return this.nodeId;
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        this.registry.sweep(now);
        this.transactions.expire(now, IDLE_TRANSACTION_MILLIS);
    }

    /**
     * Starts a query and answers its first response (page 0, long-polled), or the fail-to-start response (§3.6).
     *
     * @param requestedId the {@code X-DATABEND-QUERY-ID} header, or {@code null}
     * @throws ProtocolError 400 when another user already started a query with {@code requestedId}
     */
    public Mono<QueryResponse> start(String user, ClientSession clientSession, String requestedId,
                                     QueryRequest request) {
        HttpQuery existing = this.registry.find(requestedId);
        if (existing != null) {
            return retriedStart(existing, user, request);
        }
        String id = requestedId != null && !requestedId.isEmpty() ? requestedId
            : UUID.randomUUID().toString().replace("-", "");
        SessionState requested = request.session() == null ? SessionState.empty() : request.session();
        SortedMap<String, String> settings = new TreeMap<>(requested.settingsOrEmpty());
        try {
            settings.forEach(Settings::validate);
        } catch (DatabendError e) {
            return Mono.just(failToStart(request.session(), e));
        }
        TxnState txnState = requested.txnState() == null ? TxnState.AutoCommit : requested.txnState();
        Transaction transaction = null;
        if (txnState == TxnState.Active) {
            SessionInternal internal = requested.internal();
            if (internal == null || internal.lastNodeId() == null) {
                return Mono.just(failToStart(request.session(),
                    new DatabendError(5112, "Transaction is active but missing server_info")));
            }
            if (!this.nodeId.equals(internal.lastNodeId())) {
                return Mono.just(failToStart(request.session(), new DatabendError(5111,
                    "Transaction aborted because server restart or route error: last_node_id is "
                        + internal.lastNodeId() + ", but current node is " + this.nodeId)));
            }
            String lastQueryId = internal.lastQueryId();
            if (lastQueryId == null) {
                return Mono.just(failToStart(request.session(),
                    new DatabendError(5112, "Transaction is active but last_query_ids is empty")));
            }
            transaction = this.transactions.take(lastQueryId);
            if (transaction == null || !transaction.user().equals(user)) {
                if (transaction != null) {
                    this.transactions.put(lastQueryId, transaction);
                }
                return Mono.just(failToStart(request.session(), new DatabendError(4003,
                    "Transaction timeout: last_query_id " + lastQueryId + " not found on this server")));
            }
            if (transaction.failed()) {
                txnState = TxnState.Fail;
            }
        } else if (txnState == TxnState.Fail && requested.internal() != null
            && this.nodeId.equals(requested.internal().lastNodeId())) {
            transaction = this.transactions.take(requested.internal().lastQueryId());
        }

        SessionState base = new SessionState(
            nonEmpty(requested.catalog(), "default"),
            nonEmpty(requested.database(), "default"),
            nonEmpty(requested.role(), UserRegistry.ROOT.equals(user) ? "account_admin" : "public"),
            requested.secondaryRoles(), settings, null, false, false,
            (requested.internal() == null ? SessionInternal.empty() : requested.internal()).afterQuery(this.nodeId, id))
            .withTxnState(txnState);
        Map<String, String> global = this.context.globalSettings();
        long resultTimeout = Long.parseLong(Settings.effective(settings, global, Settings.RESULT_TIMEOUT,
            Long.toString(this.context.defaultResultTimeoutSecs())).trim());
        String timezone = Settings.effective(settings, global, Settings.TIMEZONE, "UTC");
        String binaryFormat = Settings.effective(settings, global, Settings.BINARY_FORMAT, "HEX")
            .toUpperCase(Locale.ROOT);
        ResponseSettings responseSettings = new ResponseSettings(timezone,
            Settings.effective(settings, global, Settings.GEOMETRY_FORMAT, "GEOJSON").toUpperCase(Locale.ROOT),
            binaryFormat,
            Settings.effective(settings, global, Settings.JSON_RESULT_MODE, "display").toLowerCase(Locale.ROOT));
        ExecutionSettings executionSettings = new ExecutionSettings(user, base.database(), ZoneId.of(timezone),
            binaryFormat, this.context.version());

        QueryPlan plan = plan(id, user, request, txnState, transaction, executionSettings);
        HttpQuery query = new HttpQuery(id, this.nodeId, user, clientSession.id(), request.pagination(),
            resultTimeout, responseSettings, base, plan, this.context.journal(), this.context.worker());
        HttpQuery registered = this.registry.register(query);
        if (registered != query) {
            if (transaction != null) {
                this.transactions.put(requested.internal().lastQueryId(), transaction);
            }
            return retriedStart(registered, user, request);
        }
        query.start();
        return query.page(0, request.pagination().waitTimeSecs());
    }

    private Mono<QueryResponse> retriedStart(HttpQuery existing, String user, QueryRequest request) {
        if (!existing.user().equals(user)) {
            return Mono.error(new ProtocolError(400,
                "fail to start query: query_id " + existing.id() + " already exists"));
        }
        return existing.page(0, request.pagination().waitTimeSecs());
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static QueryResponse failToStart(SessionState requested, DatabendError error) {
        SessionState echoed = null;
        if (requested != null) {
            boolean temp = requested.internal() != null && requested.internal().hasTempTable();
            TxnState txn = requested.txnState() == TxnState.Active ? TxnState.Fail : requested.txnState();
            echoed = new SessionState(requested.catalog(), requested.database(), requested.role(),
                requested.secondaryRoles(), requested.settings(), txn, temp, temp, requested.internal());
        }
        return QueryResponse.failToStart(echoed, error);
    }

    // ---------------------------------------------------------------- plans

    private QueryPlan plan(String id, String user, QueryRequest request, TxnState txnState, Transaction transaction,
                           ExecutionSettings settings) {
        Optional<SessionStatement> statement;
        try {
            statement = SessionStatements.parse(request.sql());
        } catch (DatabendError e) {
            return new FailingPlan(e, transaction, id);
        }
        SessionStatement session = statement.orElse(null);
        boolean ends = session instanceof SessionStatement.Commit || session instanceof SessionStatement.Rollback;
        if (txnState == TxnState.Fail) {
            if (ends) {
                return new EndTransactionPlan(transaction, false);
            }
            return new FailingPlan(new DatabendError(4002,
                "Current transaction is aborted, commands ignored until end of transaction block"), transaction, id);
        }
        if (transaction != null) {
            if (ends) {
                return new EndTransactionPlan(transaction, session instanceof SessionStatement.Commit);
            }
            this.transactions.put(id, transaction);
        }
        if (session instanceof SessionStatement.Begin) {
            return transaction != null ? new SessionPlan(session, user) : new BeginPlan(id, user);
        }
        if (session != null) {
            return new SessionPlan(session, user);
        }
        return new EnginePlan(request, user, settings, transaction);
    }

    /** Fails with a fixed error; keeps a transaction known under the new id so that ROLLBACK still finds it. */
    private final class FailingPlan implements QueryPlan {

        private final DatabendError error;

        FailingPlan(DatabendError error, Transaction transaction, String id) {
            this.error = error;
            if (transaction != null) {
                transaction.markFailed();
                QueryService.this.transactions.put(id, transaction);
            }
        }

        @Override
        public StatementExecution open(HttpQuery query) {
            throw this.error;
        }

        @Override
        public void failed(DatabendError failure) {
        }

        @Override
        public void release() {
        }
    }

    private final class BeginPlan implements QueryPlan {

        private final String id;

        private final String user;

        BeginPlan(String id, String user) {
            this.id = id;
            this.user = user;
        }

        @Override
        public StatementExecution open(HttpQuery query) {
            EngineSession engineSession = QueryService.this.context.engine().openSession();
            try {
                engineSession.begin();
            } catch (RuntimeException e) {
                engineSession.close();
                throw e;
            }
            QueryService.this.transactions.put(this.id, new Transaction(engineSession, this.user));
            query.updateSession(s -> s.withTxnState(TxnState.Active));
            return EmptyExecution.INSTANCE;
        }

        @Override
        public void failed(DatabendError failure) {
        }

        @Override
        public void release() {
        }
    }

    private static final class EndTransactionPlan implements QueryPlan {

        private final Transaction transaction;

        private final boolean commit;

        EndTransactionPlan(Transaction transaction, boolean commit) {
            this.transaction = transaction;
            this.commit = commit;
        }

        @Override
        public StatementExecution open(HttpQuery query) {
            query.updateSession(s -> s.withTxnState(TxnState.AutoCommit));
            if (this.transaction == null) {
                return EmptyExecution.INSTANCE;
            }
            if (this.commit && !this.transaction.failed()) {
                try {
                    this.transaction.session().commit();
                } catch (RuntimeException e) {
                    this.transaction.abandon();
                    throw e;
                }
                this.transaction.closeQuietly();
            } else {
                this.transaction.abandon();
            }
            return EmptyExecution.INSTANCE;
        }

        @Override
        public void failed(DatabendError failure) {
        }

        @Override
        public void release() {
        }
    }

    /** USE, SET, UNSET, user management and BEGIN inside an open transaction. */
    private final class SessionPlan implements QueryPlan {

        private final SessionStatement statement;

        private final String user;

        SessionPlan(SessionStatement statement, String user) {
            this.statement = statement;
            this.user = user;
        }

        @Override
        public StatementExecution open(HttpQuery query) {
            UserRegistry users = QueryService.this.context.users();
            Map<String, String> global = QueryService.this.context.globalSettings();
            if (this.statement instanceof SessionStatement.Use use) {
                if (!QueryService.this.context.databaseExists(use.database())) {
                    throw new DatabendError(1003, "Unknown database '" + use.database() + "'");
                }
                query.updateSession(s -> s.withDatabase(use.database()));
                query.affect(new Affect.UseDb(use.database()));
            } else if (this.statement instanceof SessionStatement.Set set) {
                for (int i = 0; i < set.names().size(); i++) {
                    Settings.validate(set.names().get(i), set.values().get(i));
                }
                SortedMap<String, String> settings = new TreeMap<>(query.session().settingsOrEmpty());
                List<Boolean> globals = new ArrayList<>();
                for (int i = 0; i < set.names().size(); i++) {
                    String name = set.names().get(i);
                    if (set.global()) {
                        global.put(name, set.values().get(i));
                        settings.remove(name);
                    } else {
                        settings.put(name, set.values().get(i));
                    }
                    globals.add(set.global());
                }
                query.updateSession(s -> s.withSettings(settings));
                query.affect(new Affect.ChangeSettings(set.names(), set.values(), globals));
            } else if (this.statement instanceof SessionStatement.Unset unset) {
                SortedMap<String, String> settings = new TreeMap<>(query.session().settingsOrEmpty());
                List<String> values = new ArrayList<>();
                List<Boolean> globals = new ArrayList<>();
                for (String name : unset.names()) {
                    settings.remove(name);
                    if (unset.global()) {
                        global.remove(name);
                    }
                    values.add(Settings.defaultValue(name, QueryService.this.context.defaultResultTimeoutSecs()));
                    globals.add(unset.global());
                }
                query.updateSession(s -> s.withSettings(settings));
                query.affect(new Affect.ChangeSettings(unset.names(), values, globals));
            } else if (this.statement instanceof SessionStatement.CreateUser create) {
                requireUserAdmin(users, "CreateUser");
                users.createUser(create.name(), create.password(), create.ifNotExists());
            } else if (this.statement instanceof SessionStatement.DropUser drop) {
                requireUserAdmin(users, "DropUser");
                users.dropUser(drop.name(), drop.ifExists());
            } else if (this.statement instanceof SessionStatement.Grant grant) {
                requireUserAdmin(users, "Grant");
                if (grant.all()) {
                    users.grantAll(grant.name());
                }
            } else if (this.statement instanceof SessionStatement.Revoke revoke) {
                requireUserAdmin(users, "Grant");
                if (revoke.all()) {
                    users.revokeAll(revoke.name());
                }
            }
            // BEGIN inside an open transaction, and COMMIT / ROLLBACK outside one, change nothing
            return EmptyExecution.INSTANCE;
        }

        private void requireUserAdmin(UserRegistry users, String privilege) {
            if (!users.canWrite(this.user)) {
                throw new DatabendError(1063, "Permission denied: privilege [" + privilege
                    + "] is required on *.* for user '" + this.user + "'@'%'");
            }
        }

        @Override
        public void failed(DatabendError failure) {
        }

        @Override
        public void release() {
        }
    }

    /** A statement for the SQL engine, on its own connection or on the transaction's. */
    private final class EnginePlan implements QueryPlan {

        private final QueryRequest request;

        private final String user;

        private final ExecutionSettings settings;

        private final Transaction transaction;

        private EngineSession ownSession;

        EnginePlan(QueryRequest request, String user, ExecutionSettings settings, Transaction transaction) {
            this.request = request;
            this.user = user;
            this.settings = settings;
            this.transaction = transaction;
        }

        @Override
        public StatementExecution open(HttpQuery query) {
            WritePermission.check(QueryService.this.context.users(), this.user, this.settings.database(),
                this.request.sql());
            EngineSession engineSession;
            if (this.transaction != null) {
                engineSession = this.transaction.session();
            } else {
                synchronized (this) {
                    this.ownSession = QueryService.this.context.engine().openSession();
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
            synchronized (this) {
                session = this.ownSession;
                this.ownSession = null;
            }
            if (session != null) {
                session.close();
            }
            if (this.transaction != null) {
                this.transaction.touch();
            }
        }
    }

    // ---------------------------------------------------------------- polls

    /**
     * The query {@code id} of this node, checked against the requesting user and client session.
     *
     * @throws ProtocolError 404 when unknown
     */
    public HttpQuery query(String id, String user, String clientSessionId) {
        HttpQuery query = this.registry.get(id);
        query.checkAccess(user, clientSessionId);
        return query;
    }

    /** Heartbeat entries of this node: the ids that need no more heartbeats (§4.4). */
    public List<String> heartbeat(List<String> queryIds) {
        return this.registry.heartbeat(queryIds);
    }

    @Override
    public void close() {
        this.sweeper.dispose();
        this.registry.closeAll();
        this.transactions.closeAll();
    }
}
