package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.AccessTokens;
import com.databend.r2dbc.tck.server.session.AuthenticationJournal;
import com.databend.r2dbc.tck.server.session.SessionTokenStore;
import com.databend.r2dbc.tck.server.session.TempTableSessions;
import com.databend.r2dbc.tck.server.session.UserRegistry;
import com.databend.r2dbc.tck.server.sql.SqlEngine;
import reactor.core.scheduler.Scheduler;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * What every node of one server shares: the engine, the users, the global settings, the journal and the worker
 * pool that runs SQL.
 */
public final class ServerContext {

    private final SqlEngine engine;

    private final UserRegistry users;

    private final QueryJournal journal = new QueryJournal();

    private final SessionTokenStore sessionTokens;

    private final AccessTokens accessTokens = new AccessTokens();

    private final AuthenticationJournal authentications = new AuthenticationJournal();

    private final Map<String, String> globalSettings = new ConcurrentHashMap<>();

    private final String version;

    private final long defaultResultTimeoutSecs;

    private final Scheduler worker;

    private final TempTableSessions tempTables;

    public ServerContext(SqlEngine engine, UserRegistry users, String version, long defaultResultTimeoutSecs,
                         Scheduler worker, TempTableSessions tempTables, SessionTokenStore sessionTokens) {
        this.engine = requireNonNull(engine, "engine must not be null");
        this.users = requireNonNull(users, "users must not be null");
        this.version = requireNonNull(version, "version must not be null");
        this.defaultResultTimeoutSecs = defaultResultTimeoutSecs;
        this.worker = requireNonNull(worker, "worker must not be null");
        this.tempTables = requireNonNull(tempTables, "tempTables must not be null");
        this.sessionTokens = requireNonNull(sessionTokens, "sessionTokens must not be null");
    }

    /** The client sessions that hold temp tables. */
    public TempTableSessions tempTables() {
        return this.tempTables;
    }

    public SessionTokenStore sessionTokens() {
        return this.sessionTokens;
    }

    public AccessTokens accessTokens() {
        return this.accessTokens;
    }

    public AuthenticationJournal authentications() {
        return this.authentications;
    }

    public SqlEngine engine() {
        return this.engine;
    }

    /**
     * Whether the engine knows the database. Serialised: DuckDbEngine answers on one shared connection, which
     * refuses a second statement while another thread's result is open on it.
     */
    public synchronized boolean databaseExists(String name) {
        return this.engine.databaseExists(name);
    }

    public UserRegistry users() {
        return this.users;
    }

    public QueryJournal journal() {
        return this.journal;
    }

    public String version() {
        return this.version;
    }

    public Scheduler worker() {
        return this.worker;
    }

    long defaultResultTimeoutSecs() {
        return this.defaultResultTimeoutSecs;
    }

    Map<String, String> globalSettings() {
        return this.globalSettings;
    }
}
