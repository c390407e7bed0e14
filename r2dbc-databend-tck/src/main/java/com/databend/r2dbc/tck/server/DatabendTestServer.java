package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.http.Cluster;
import com.databend.r2dbc.tck.server.http.FaultInjector;
import com.databend.r2dbc.tck.server.http.NodeServer;
import com.databend.r2dbc.tck.server.query.QueryJournal;
import com.databend.r2dbc.tck.server.query.QueryService;
import com.databend.r2dbc.tck.server.query.ServerContext;
import com.databend.r2dbc.tck.server.session.AccessTokens;
import com.databend.r2dbc.tck.server.session.AuthenticationJournal;
import com.databend.r2dbc.tck.server.session.SessionTokenStore;
import com.databend.r2dbc.tck.server.session.TempTableSessions;
import com.databend.r2dbc.tck.server.session.UserRegistry;
import com.databend.r2dbc.tck.server.sql.DuckDbEngine;
import com.databend.r2dbc.tck.server.sql.SqlEngine;
import com.databend.r2dbc.tck.server.sql.StageStore;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * A Databend-compatible HTTP server ({@code /v1/query} API) on an in-process SQL engine: one or more nodes on
 * consecutive ports sharing one database and one user registry.
 *
 * <pre>{@code
 * try (DatabendTestServer server = DatabendTestServer.builder().port(0).start()) {
 *     String url = server.baseUrl(); // http://127.0.0.1:41234
 * }
 * }</pre>
 */
public final class DatabendTestServer implements AutoCloseable {

    public static final String DEFAULT_VERSION = "1.2.934-nightly";

    /** How long {@link #close()} lets the worker threads finish their tasks before it interrupts them. */
    private static final Duration WORKER_GRACE = Duration.ofSeconds(5);

    private final List<NodeServer> nodes;

    private final List<QueryService> services;

    private final SqlEngine engine;

    private final Scheduler worker;

    private final QueryJournal journal;

    private final FaultInjector faults;

    private final ServerContext context;

    private DatabendTestServer(List<NodeServer> nodes, List<QueryService> services, SqlEngine engine,
                               Scheduler worker, QueryJournal journal, FaultInjector faults, ServerContext context) {
        this.nodes = List.copyOf(nodes);
        this.services = List.copyOf(services);
        this.engine = engine;
        this.worker = worker;
        this.journal = journal;
        this.faults = faults;
        this.context = context;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first node's URL, e.g. {@code http://127.0.0.1:8000}. */
    public String baseUrl() {
        return this.nodes.get(0).baseUrl();
    }

    /** Every node's URL, in node order ({@code node-1} first). */
    public List<String> nodeUrls() {
        return this.nodes.stream().map(NodeServer::baseUrl).toList();
    }

    /** Every node's id, in node order. */
    public List<String> nodeIds() {
        return this.nodes.stream().map(NodeServer::nodeId).toList();
    }

    public int port() {
        return this.nodes.get(0).port();
    }

    /** Observations of the queries of all nodes. */
    public QueryObservations queries() {
        QueryJournal observed = this.journal;
        TempTableSessions expiredSessions = this.context.tempTables();
        return new QueryObservations() {
            @Override
            public long openCount() {
                return observed.openCount();
            }

            @Override
            public long startedCount() {
                return observed.startedCount();
            }

            @Override
            public Optional<QueryJournal.Ending> ending(String queryId) {
                return observed.ending(queryId);
            }

            @Override
            public long waitingPollCount() {
                return observed.waitingPollCount();
            }

            @Override
            public long heartbeatCount(String queryId) {
                return observed.heartbeatCount(queryId);
            }

            @Override
            public List<String> recentRequests() {
                return observed.recentRequests();
            }

            @Override
            public List<QueryJournal.ReceivedRequest> receivedRequests() {
                return observed.receivedRequests();
            }

            @Override
            public long sessionHeartbeatCount() {
                return observed.sessionHeartbeatCount();
            }

            @Override
            public long logoutCount() {
                return observed.logoutCount();
            }

            @Override
            public long expiredClientSessionCount() {
                return expiredSessions.expiredCount();
            }
        };
    }

    /** The stages' files, the presigned URLs handed out and whether {@code PRESIGN} is supported. */
    public StageStore stages() {
        return this.engine.stages();
    }

    /** Faults to inject into the next matching requests (503s, lost or truncated responses, delays). */
    public FaultInjector faults() {
        return this.faults;
    }

    /** The session and refresh tokens issued by logins: counts, and controls that expire or forget them. */
    public SessionTokenStore sessionTokens() {
        return this.context.sessionTokens();
    }

    /** Bearer tokens accepted as if an external issuer had signed them (none unless granted). */
    public AccessTokens accessTokens() {
        return this.context.accessTokens();
    }

    /** Which credentials each request used, and the 401 codes answered. */
    public AuthenticationJournal authentications() {
        return this.context.authentications();
    }

    /**
     * Stops the nodes (ending the streaming loads still reading their bodies), cancels the running queries, lets the
     * worker threads finish what they run, interrupting them after {@link #WORKER_GRACE}, and closes the engine.
     */
    @Override
    public void close() {
        for (NodeServer node : this.nodes) {
            node.close();
        }
        for (QueryService service : this.services) {
            service.close();
        }
        this.worker.disposeGracefully()
            .timeout(WORKER_GRACE, Mono.fromRunnable(this.worker::dispose))
            .onErrorComplete()
            .block();
        this.engine.close();
    }

    /** Immutable once {@link #start()} is called; every option has a default. */
    public static final class Builder {

        private String host = "127.0.0.1";

        private int port = 8000;

        private int nodes = 1;

        private String version = DEFAULT_VERSION;

        private String rootPassword = "";

        private final Map<String, String> users = new LinkedHashMap<>();

        private long resultTimeoutSecs = 60;

        private Supplier<SqlEngine> engine = DuckDbEngine::new;

        private Duration responseDelay = Duration.ZERO;

        private Duration clientSessionIdleTimeout = Duration.ofSeconds(14_400);

        private int sessionTokenTtlSecs = 3600;

        private int refreshTokenTtlSecs = 14_400;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = requireNonNull(host, "host must not be null");
            return this;
        }

        /** The first node's port; node {@code i} listens on {@code port + i}. 0 gives every node a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        public Builder nodes(int nodes) {
            if (nodes < 1) {
                throw new IllegalArgumentException("nodes must be at least 1, not " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** The version in {@code X-DATABEND-VERSION} and login responses (a semver such as 1.2.934-nightly). */
        public Builder version(String version) {
            this.version = requireNonNull(version, "version must not be null");
            return this;
        }

        public Builder rootPassword(String password) {
            this.rootPassword = requireNonNull(password, "password must not be null");
            return this;
        }

        /** An extra user with every privilege. */
        public Builder user(String name, String password) {
            requireNonNull(name, "name must not be null");
            requireNonNull(password, "password must not be null");
            if (UserRegistry.ROOT.equals(name)) {
                this.rootPassword = password;
            } else {
                this.users.put(name, password);
            }
            return this;
        }

        /** The default of {@code http_handler_result_timeout_secs} (60 unless set). */
        public Builder resultTimeoutSecs(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("resultTimeoutSecs must be at least 1, not " + seconds);
            }
            this.resultTimeoutSecs = seconds;
            return this;
        }

        /**
         * A delay before every request is processed, standing in for a network round trip (zero, the default, for
         * none); armed in {@link #faults()} with {@link FaultInjector#delayEvery}, so {@code faults().clear()}
         * removes it.
         */
        public Builder responseDelay(Duration delay) {
            requireNonNull(delay, "delay must not be null");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("responseDelay must not be negative, not " + delay);
            }
            this.responseDelay = delay;
            return this;
        }

        /**
         * How long a client session keeps its temp tables without a request (heartbeats included), as Databend's
         * {@code http_session_timeout_secs}: 4 hours unless set.
         */
        public Builder clientSessionIdleTimeout(Duration timeout) {
            requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("clientSessionIdleTimeout must be positive, not " + timeout);
            }
            this.clientSessionIdleTimeout = timeout;
            return this;
        }

        /** Seconds a session token lives (Databend's default: an hour); at least 1. */
        public Builder sessionTokenTtlSecs(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("sessionTokenTtlSecs must be at least 1, not " + seconds);
            }
            this.sessionTokenTtlSecs = seconds;
            return this;
        }

        /** Seconds a refresh token lives (Databend's default: four hours); at least 1. */
        public Builder refreshTokenTtlSecs(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("refreshTokenTtlSecs must be at least 1, not " + seconds);
            }
            this.refreshTokenTtlSecs = seconds;
            return this;
        }

        /** The engine behind all nodes (closed with the server); DuckDB unless set. */
        public Builder engine(Supplier<SqlEngine> engine) {
            this.engine = requireNonNull(engine, "engine must not be null");
            return this;
        }

        public DatabendTestServer start() {
            UserRegistry registry = new UserRegistry(this.rootPassword);
            this.users.forEach(registry::addConfiguredUser);
            SqlEngine sqlEngine = requireNonNull(this.engine.get(), "engine supplier returned null");
            Scheduler worker = Schedulers.newBoundedElastic(64, 100_000, "databend-sql", 60, true);
            ServerContext context = new ServerContext(sqlEngine, registry, this.version, this.resultTimeoutSecs,
                worker, new TempTableSessions(this.clientSessionIdleTimeout),
                new SessionTokenStore(this.sessionTokenTtlSecs, this.refreshTokenTtlSecs));
            Cluster cluster = new Cluster();
            FaultInjector faults = new FaultInjector();
            if (!this.responseDelay.isZero()) {
                faults.delayEvery(".*", this.responseDelay);
            }
            List<NodeServer> started = new ArrayList<>();
            List<QueryService> services = new ArrayList<>();
            try {
                for (int i = 0; i < this.nodes; i++) {
                    QueryService service = new QueryService("node-" + (i + 1), context);
                    services.add(service);
                    started.add(NodeServer.start(this.host, this.port == 0 ? 0 : this.port + i, service, context,
                        cluster, faults));
                }
            } catch (RuntimeException e) {
                started.forEach(NodeServer::close);
                services.forEach(QueryService::close);
                worker.dispose();
                sqlEngine.close();
                throw e;
            }
            sqlEngine.servedAt(started.get(0).baseUrl());
            return new DatabendTestServer(started, services, sqlEngine, worker, context.journal(), faults, context);
        }
    }
}
