package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.client.QueryRequest;
import com.databend.r2dbc.internal.client.QueryStream;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A logical Databend session (docs/protocol.md §6): the session object, cookies and sticky node live in its
 * {@link ClientSession}; the HTTP connections belong to the factory's pool.
 */
final class DatabendConnection implements Connection {

    /** Databend's transactions are snapshot-isolated; it has no other level. */
    static final IsolationLevel SNAPSHOT = IsolationLevel.valueOf("SNAPSHOT");

    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "ROLLBACK", "ABORT", "START",
            "END");
    /** Statements whose result is one update count even when the server sends no count row (docs/protocol.md §3.2). */
    private static final Set<String> MODIFYING = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE");

    private final DatabendConnectionConfiguration configuration;
    private final ClientSession session;
    private final String serverVersion;
    private final boolean jsonParams;
    private final UnclaimedResults unclaimed = new UnclaimedResults();
    private volatile boolean autoCommit = true;
    private volatile boolean closed;
    private volatile @Nullable Duration statementTimeout;

    DatabendConnection(DatabendConnectionConfiguration configuration, ClientSession session,
                       @Nullable String serverVersion) {
        this.configuration = requireNonNull(configuration, "configuration must not be null");
        this.session = requireNonNull(session, "session must not be null");
        this.serverVersion = serverVersion == null || serverVersion.isEmpty() ? session.serverVersion()
                : serverVersion;
        this.jsonParams = configuration.parameterMode().jsonParams(this.serverVersion);
        this.statementTimeout = configuration.statementTimeout();
    }

    boolean supportsJsonParams() {
        return jsonParams;
    }

    /** Runs one statement and emits its result once the first response arrived. */
    Mono<Result> execute(String sql, ClientSession.@Nullable JsonWriter params, int fetchSize) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new R2dbcNonTransientResourceException("Connection is closed"));
            }
            Mono<Void> begin = !autoCommit && !session.inTransaction() && !isTransactionControl(sql)
                    ? run("BEGIN") : Mono.empty();
            return begin.then(start(sql, params, fetchSize))
                    .doOnNext(unclaimed::add)
                    .<Result>map(DatabendResult::new);
        });
    }

    private Mono<QueryStream<Result.Segment>> start(String sql, ClientSession.@Nullable JsonWriter params,
                                                    int fetchSize) {
        int pageSize = fetchSize > 0 ? fetchSize : configuration.maxRowsPerPage();
        QueryRequest request = new QueryRequest(sql, params, configuration.waitTimeSecs(), pageSize,
                statementTimeout);
        return QueryStream.start(session, request, new SegmentMapper(MODIFYING.contains(leadingKeyword(sql))));
    }

    /** Runs {@code sql} to its end, discarding rows. */
    private Mono<Void> run(String sql) {
        return start(sql, null, 0).flatMap(stream -> Flux.from(stream).then());
    }

    private static boolean isTransactionControl(String sql) {
        return TRANSACTION_CONTROL.contains(leadingKeyword(sql));
    }

    /** The statement's first keyword in upper case, after leading white space and comments. */
    static String leadingKeyword(String sql) {
        int length = sql.length();
        int at = 0;
        while (at < length) {
            if (Character.isWhitespace(sql.charAt(at))) {
                at++;
            } else if (sql.startsWith("--", at)) {
                int end = sql.indexOf('\n', at);
                at = end < 0 ? length : end + 1;
            } else if (sql.startsWith("/*", at)) {
                int end = sql.indexOf("*/", at + 2);
                at = end < 0 ? length : end + 2;
            } else {
                break;
            }
        }
        int start = at;
        while (at < length && Character.isLetter(sql.charAt(at))) {
            at++;
        }
        return sql.substring(start, at).toUpperCase(Locale.ROOT);
    }

    @Override
    public Mono<Void> beginTransaction() {
        return Mono.defer(() -> session.inTransaction() ? Mono.<Void>empty() : run("BEGIN"));
    }

    @Override
    public Mono<Void> beginTransaction(TransactionDefinition definition) {
        Assert.requireNonNull(definition, "definition must not be null");
        IsolationLevel level = definition.getAttribute(TransactionDefinition.ISOLATION_LEVEL);
        if (level != null && !SNAPSHOT.equals(level)) {
            return Mono.error(new UnsupportedOperationException("Databend supports only snapshot isolation, not "
                    + level.asSql()));
        }
        // READ_ONLY is a hint (Spring sends it for @Transactional(readOnly = true)); Databend has no such mode
        return beginTransaction();
    }

    @Override
    public Mono<Void> commitTransaction() {
        return Mono.defer(() -> session.inTransaction() ? run("COMMIT") : Mono.<Void>empty());
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return Mono.defer(() -> session.inTransaction() ? run("ROLLBACK") : Mono.<Void>empty());
    }

    @Override
    public DatabendBatch createBatch() {
        return new DatabendBatch(this);
    }

    @Override
    public Mono<Void> createSavepoint(String name) {
        Assert.requireNonNull(name, "name must not be null");
        return Mono.error(new UnsupportedOperationException("Databend does not support savepoints"));
    }

    @Override
    public Mono<Void> releaseSavepoint(String name) {
        Assert.requireNonNull(name, "name must not be null");
        return Mono.error(new UnsupportedOperationException("Databend does not support savepoints"));
    }

    @Override
    public Mono<Void> rollbackTransactionToSavepoint(String name) {
        Assert.requireNonNull(name, "name must not be null");
        return Mono.error(new UnsupportedOperationException("Databend does not support savepoints"));
    }

    @Override
    public DatabendStatement createStatement(String sql) {
        Assert.requireNonNull(sql, "sql must not be null");
        return new DatabendStatement(this, sql);
    }

    @Override
    public boolean isAutoCommit() {
        return autoCommit && !session.inTransaction();
    }

    @Override
    public DatabendConnectionMetadata getMetadata() {
        return new DatabendConnectionMetadata(serverVersion);
    }

    @Override
    public IsolationLevel getTransactionIsolationLevel() {
        return SNAPSHOT;
    }

    @Override
    public Mono<Void> setAutoCommit(boolean autoCommit) {
        return Mono.defer(() -> {
            boolean commitFirst = autoCommit && session.inTransaction();
            this.autoCommit = autoCommit;
            return commitFirst ? run("COMMIT") : Mono.<Void>empty();
        });
    }

    @Override
    public Mono<Void> setLockWaitTimeout(Duration timeout) {
        Assert.requireNonNull(timeout, "timeout must not be null");
        return Mono.empty();
    }

    @Override
    public Mono<Void> setStatementTimeout(Duration timeout) {
        Assert.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isNegative()) {
            return Mono.error(new IllegalArgumentException("statement timeout must not be negative: " + timeout));
        }
        return Mono.fromRunnable(() -> this.statementTimeout = timeout.isZero() ? null : timeout);
    }

    @Override
    public Mono<Void> setTransactionIsolationLevel(IsolationLevel isolationLevel) {
        Assert.requireNonNull(isolationLevel, "isolationLevel must not be null");
        if (SNAPSHOT.equals(isolationLevel)) {
            return Mono.empty();
        }
        return Mono.error(new UnsupportedOperationException("Databend supports only snapshot isolation, not "
                + isolationLevel.asSql()));
    }

    @Override
    public Mono<Boolean> validate(ValidationDepth depth) {
        Assert.requireNonNull(depth, "depth must not be null");
        // deferred: the answer must reflect the state at subscription, e.g. after a close() subscribed before
        return Mono.defer(() -> {
            if (closed) {
                return Mono.just(false);
            }
            if (depth == ValidationDepth.LOCAL) {
                return Mono.just(true);
            }
            return start("SELECT 1", null, 0)
                    .flatMap(stream -> Flux.from(stream).then(Mono.just(true)))
                    .onErrorReturn(false);
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.empty();
            }
            closed = true;
            return unclaimed.releaseAll()
                    .then(session.needKeepAlive() ? session.logout() : Mono.<Void>empty());
        });
    }

    @Override
    public String toString() {
        return "DatabendConnection{" + configuration.baseUrl() + ", user=" + configuration.user() + ", " + session
                + '}';
    }
}
