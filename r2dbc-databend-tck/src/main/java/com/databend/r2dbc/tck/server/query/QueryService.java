package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.ClientSession;
import com.databend.r2dbc.tck.server.session.SessionInternal;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.SessionStatement;
import com.databend.r2dbc.tck.server.session.SessionStatements;
import com.databend.r2dbc.tck.server.session.TempTableSessions;
import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.session.UserRegistry;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.EngineSession;
import com.databend.r2dbc.tck.server.sql.ExecutionSettings;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * The queries of one node: starting them (session restore, transaction and temp table checks, session statements,
 * permissions), finding them for page / final / kill requests, heartbeats and expiry, and the dropping of the temp
 * tables of client sessions that logged out or expired.
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
        // the sweep never blocks, so it runs on the parallel scheduler even when every SQL worker is busy
        this.sweeper = Flux.interval(SWEEP_PERIOD, SWEEP_PERIOD)
            .subscribe(tick -> sweep());
    }

    public String nodeId() {
        return this.nodeId;
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        this.registry.sweep(now);
        for (Transaction expired : this.transactions.expire(now, IDLE_TRANSACTION_MILLIS)) {
            this.context.worker().schedule(expired::abandon);
        }
        dropTempTables(this.context.tempTables().expire(now));
    }

    /** Drops the temp tables of a client session that logged out (docs/protocol.md §7). */
    public void logout(String user, String clientSessionId) {
        dropTempTables(this.context.tempTables().remove(user, clientSessionId));
    }

    /** Drops the engine schemas that hold the temp tables of client sessions, with their tables. */
    private void dropTempTables(List<String> schemas) {
        if (schemas.isEmpty()) {
            return;
        }
        this.context.worker().schedule(() -> {
            ExecutionSettings settings = new ExecutionSettings(UserRegistry.ROOT, "default", ZoneOffset.UTC, "HEX",
                this.context.version());
            try (EngineSession engine = this.context.engine().openSession()) {
                for (String schema : schemas) {
                    // quoted: a temp schema's name ends with its database's, which may need quotes
                    engine.execute("DROP DATABASE IF EXISTS `" + schema.replace("`", "``") + "`", null, settings)
                        .close();
                }
            }
        });
    }

    /**
     * Starts a query and answers its first response (page 0, long-polled), or the fail-to-start response
     * (docs/protocol.md §3.6).
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
        DatabendError lostTempTables = lostTempTables(requested.internal(), user, clientSession.id(), id);
        if (lostTempTables != null) {
            return Mono.just(failToStart(request.session(), lostTempTables));
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
        // at least a second: 0 would close the query at the next sweep, before any client could poll it
        long resultTimeout = Math.max(1, Long.parseLong(Settings.effective(settings, global, Settings.RESULT_TIMEOUT,
            Long.toString(this.context.defaultResultTimeoutSecs())).trim()));
        String timezone = Settings.effective(settings, global, Settings.TIMEZONE, "UTC");
        String binaryFormat = Settings.effective(settings, global, Settings.BINARY_FORMAT, "HEX")
            .toUpperCase(Locale.ROOT);
        ResponseSettings responseSettings = new ResponseSettings(timezone,
            Settings.effective(settings, global, Settings.GEOMETRY_FORMAT, "GEOJSON").toUpperCase(Locale.ROOT),
            binaryFormat,
            Settings.effective(settings, global, Settings.JSON_RESULT_MODE, "display").toLowerCase(Locale.ROOT));
        TempTableSessions.Scope tempTables = this.context.tempTables().scope(user, clientSession.id(),
            TempTableStatements.mayCreateTemp(request.sql()));
        ExecutionSettings executionSettings = new ExecutionSettings(user, base.database(), ZoneId.of(timezone),
            binaryFormat, this.context.version(), tempTables.schemaPrefix(), tempTables.tables());

        QueryPlan plan = plan(id, user, clientSession.id(), request, txnState, transaction, executionSettings);
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

    /**
     * Starts a query and follows its pages until it stopped, then closes it; answers the last response (for
     * requests that are not paged, like a streaming load).
     */
    public Mono<QueryResponse> runToEnd(String user, ClientSession clientSession, String requestedId,
                                        QueryRequest request) {
        return start(user, clientSession, requestedId, request)
            .expand(response -> {
                String next = response.nextUri();
                int at = next == null ? -1 : next.lastIndexOf("/page/");
                if (at < 0) {
                    return Mono.empty();
                }
                int page = Integer.parseInt(next.substring(at + "/page/".length()));
                return query(response.id(), user, clientSession.id()).page(page, request.pagination().waitTimeSecs());
            })
            .last()
            .doOnNext(response -> {
                HttpQuery query = this.registry.find(response.id());
                if (query != null) {
                    query.close(CloseReason.FINALIZED);
                }
            });
    }

    /**
     * Forgets the transaction a streaming load ran in, as Databend does: the load continues the transaction named by
     * its session but, unlike a query, does not hand it on under its own id, so the transaction's changes (the
     * load's and those before it) are rolled back, and the next statement naming the load as its last query fails
     * with TransactionTimeout (4003).
     */
    public void dropTransactionOf(String loadQueryId) {
        Transaction transaction = this.transactions.take(loadQueryId);
        if (transaction != null) {
            this.context.worker().schedule(transaction::abandonAfterStatement);
        }
    }

    private Mono<QueryResponse> retriedStart(HttpQuery existing, String user, QueryRequest request) {
        if (!existing.user().equals(user)) {
            return Mono.error(new ProtocolError(400,
                "fail to start query: query_id " + existing.id() + " already exists"));
        }
        return existing.page(0, request.pagination().waitTimeSecs());
    }

    /**
     * Why a session that says it holds temp tables cannot continue here, as Databend says it: another node ran its
     * last statement (5111), or the client session is missing or its tables expired (5112, 5110); {@code null} when
     * it can.
     */
    private DatabendError lostTempTables(SessionInternal internal, String user, String clientSessionId,
                                         String queryId) {
        if (internal == null || !internal.hasTempTable()) {
            return null;
        }
        if (internal.lastNodeId() == null) {
            return new DatabendError(5112, "contains temporary tables but missing last_server_info field");
        }
        if (!this.nodeId.equals(internal.lastNodeId())) {
            return new DatabendError(5111, "Temp table lost due to server restart or route error: node_id="
                + this.nodeId + " (expected " + internal.lastNodeId() + "); session_id=" + clientSessionId
                + ", query_id=" + queryId);
        }
        if (clientSessionId == null) {
            return new DatabendError(5112, "contains temporary tables but missing session info");
        }
        if (!this.context.tempTables().holdsTables(user, clientSessionId)) {
            return new DatabendError(5110, "temporary tables in session " + clientSessionId
                + " expired after idle for more than " + this.context.tempTables().idleTimeout().toSeconds()
                + " seconds, when starting query " + queryId);
        }
        return null;
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

    private QueryPlan plan(String id, String user, String clientSessionId, QueryRequest request, TxnState txnState,
                           Transaction transaction, ExecutionSettings settings) {
        SessionStatement statement;
        try {
            statement = SessionStatements.parse(request.sql()).orElse(null);
        } catch (DatabendError e) {
            return keepFailed(id, transaction, e);
        }
        boolean ends = statement instanceof SessionStatement.Commit || statement instanceof SessionStatement.Rollback;
        if (txnState == TxnState.Fail) {
            return ends ? TransactionPlans.end(transaction, false) : keepFailed(id, transaction, new DatabendError(4002,
                "Current transaction is aborted, commands ignored until end of transaction block"));
        }
        if (transaction != null) {
            if (ends) {
                return TransactionPlans.end(transaction, statement instanceof SessionStatement.Commit);
            }
            this.transactions.put(id, transaction);
        }
        if (statement instanceof SessionStatement.Begin && transaction == null) {
            return TransactionPlans.begin(this.context, this.transactions, id, user);
        }
        if (statement != null) {
            return new SessionPlan(this.context, statement, user);
        }
        return new EnginePlan(this.context, request, user, clientSessionId, settings, transaction);
    }

    /** Fails with {@code error}; the transaction stays known (failed) under the new id so that ROLLBACK finds it. */
    private QueryPlan keepFailed(String id, Transaction transaction, DatabendError error) {
        if (transaction != null) {
            transaction.markFailed();
            this.transactions.put(id, transaction);
        }
        return TransactionPlans.failing(error);
    }

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

    /** Heartbeat entries of this node: the ids that need no more heartbeats (docs/protocol.md §4.4). */
    public List<String> heartbeat(List<String> queryIds) {
        queryIds.forEach(this.context.journal()::heartbeatReceived);
        return this.registry.heartbeat(queryIds);
    }

    @Override
    public void close() {
        this.sweeper.dispose();
        this.registry.closeAll();
        this.transactions.closeAll();
    }
}
