package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.api.DatabendStageFile;
import com.databend.r2dbc.api.DatabendStages;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.client.QueryRequest;
import com.databend.r2dbc.internal.client.QueryStream;
import com.databend.r2dbc.internal.client.SessionKeepAlive;
import io.netty.buffer.ByteBuf;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.IsolationLevel;
import io.r2dbc.spi.Lifecycle;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.TransactionDefinition;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A logical Databend session (docs/protocol.md §6): the session object, cookies and sticky node live in its
 * {@link ClientSession}; the HTTP connections belong to the factory's pool.
 */
final class DatabendConnection implements Connection, DatabendLoader, DatabendStages, Lifecycle {

    /** Databend's transactions are snapshot-isolated; it has no other level. */
    static final IsolationLevel SNAPSHOT = IsolationLevel.valueOf("SNAPSHOT");

    private static final Set<String> TRANSACTION_CONTROL = Set.of("BEGIN", "COMMIT", "ROLLBACK", "ABORT", "START",
            "END");
    /** Statements whose result is one update count even when the server sends no count row (docs/protocol.md §3.2). */
    private static final Set<String> MODIFYING = Set.of("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE");

    /** Where the data of a load that goes through the user stage is uploaded, one directory a load. */
    private static final String STAGE_DIRECTORY = "r2dbc-databend/";
    /** The stage a streaming load's statement reads from. */
    private static final Pattern LOAD_PLACEHOLDER = Pattern.compile("(?i)@_databend_load\\b");

    private final DatabendConnectionConfiguration configuration;
    private final ClientSession session;
    private final String serverVersion;
    private final boolean jsonParams;
    private final boolean streamingLoad;
    private final UnclaimedResults unclaimed = new UnclaimedResults();
    private final StatementQueue queue = new StatementQueue();
    private final ConnectionStages stages;
    private final SessionKeepAlive keepAlive;
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
        this.streamingLoad = ServerVersion.newerThan(this.serverVersion, 1, 2, 781);
        this.statementTimeout = configuration.statementTimeout();
        this.stages = new ConnectionStages(this, session, configuration);
        this.keepAlive = SessionKeepAlive.start(session, configuration.heartbeatInterval());
    }

    boolean supportsJsonParams() {
        return jsonParams;
    }

    /** Whether the server has {@code PUT /v1/streaming_load} (docs/protocol.md §8.4). */
    boolean supportsStreamingLoad() {
        return streamingLoad;
    }

    /**
     * Whether the CSV of the driver's loads may hold empty strings: the servers with streaming load read an empty
     * field as an empty string with {@code EMPTY_FIELD_AS = STRING}, which these loads then carry, nullable columns
     * included (docs/protocol.md §8.3.1); older ones may read it as NULL even so.
     */
    boolean loadsEmptyText() {
        return streamingLoad;
    }

    @Override
    public Mono<DatabendLoadResult> loadRows(String insertSql, Publisher<?> rows) {
        return loadRows(insertSql, rows, progress -> {
        });
    }

    @Override
    public Mono<DatabendLoadResult> loadRows(String insertSql, Publisher<?> rows,
                                             Consumer<DatabendLoadProgress> progress) {
        Assert.requireNonNull(insertSql, "insertSql must not be null");
        Assert.requireNonNull(rows, "rows must not be null");
        Assert.requireNonNull(progress, "progress must not be null");
        InsertValues insert = InsertValues.of(ParsedSql.parse(insertSql));
        if (insert == null) {
            throw new IllegalArgumentException("A load of rows takes INSERT INTO t [(columns)] VALUES (?, ...) or "
                    + "REPLACE INTO t [(columns)] ON (keys) VALUES (?, ...) in printable ASCII, one ? per value: "
                    + insertSql);
        }
        return loadRows(insert, "rows.csv", LoadBodies.csv(rows, insert.columns(), loadsEmptyText(), progress));
    }

    /**
     * CSV rows of an {@link InsertValues} as one load: streamed when Databend can read them so, else staged and
     * read by the statement with a stage attachment (a REPLACE, or a server without streaming load).
     */
    Mono<DatabendLoadResult> loadRows(InsertValues insert, String fileName, Flux<ByteBuf> csv) {
        return streamingLoad && insert.streamable() ? load(insert.loadSql(loadsEmptyText()), fileName, csv)
                : insertThroughStage(insert, fileName, csv);
    }

    @Override
    public Mono<DatabendLoadResult> loadBytes(String loadSql, Publisher<ByteBuffer> data) {
        return loadBytes(loadSql, data, progress -> {
        });
    }

    @Override
    public Mono<DatabendLoadResult> loadBytes(String loadSql, Publisher<ByteBuffer> data,
                                              Consumer<DatabendLoadProgress> progress) {
        Assert.requireNonNull(loadSql, "loadSql must not be null");
        Assert.requireNonNull(data, "data must not be null");
        Assert.requireNonNull(progress, "progress must not be null");
        requireHeaderText(loadSql);
        return load(loadSql, "data", LoadBodies.bytes(data, progress));
    }

    @Override
    public Mono<DatabendLoadResult> loadFile(String loadSql, Path file) {
        return loadFile(loadSql, file, progress -> {
        });
    }

    /**
     * Sent again, up to {@code retryCount} times, when the connection failed before the whole file was sent: the
     * server cannot have read an incomplete body. Once the body is complete, a lost answer is not retried, since the
     * server may have written the rows.
     */
    @Override
    public Mono<DatabendLoadResult> loadFile(String loadSql, Path file, Consumer<DatabendLoadProgress> progress) {
        Assert.requireNonNull(loadSql, "loadSql must not be null");
        Assert.requireNonNull(file, "file must not be null");
        Assert.requireNonNull(progress, "progress must not be null");
        requireHeaderText(loadSql);
        String name = file.getFileName() == null ? "data" : file.getFileName().toString();
        String fileName = name.matches("[A-Za-z0-9._-]+") ? name : "data";
        return Mono.defer(() -> {
            AtomicBoolean bodySent = new AtomicBoolean();
            Mono<DatabendLoadResult> attempt = Mono.defer(() -> {
                bodySent.set(false);
                return load(loadSql, fileName, LoadBodies.bytes(FileChunks.of(file), progress)
                        .doOnComplete(() -> bodySent.set(true)));
            });
            return attempt.retryWhen(Retry.max(configuration.retryCount())
                    .filter(error -> error instanceof R2dbcTransientResourceException && !bodySent.get())
                    .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
        });
    }

    private static void requireHeaderText(String loadSql) {
        for (int i = 0; i < loadSql.length(); i++) {
            char c = loadSql.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("A load statement travels in an HTTP header: it must be "
                        + "printable ASCII on one line: " + loadSql);
            }
        }
    }

    @Override
    public Mono<Void> upload(String location, Publisher<ByteBuffer> data) {
        return stages.upload(location, data);
    }

    @Override
    public Mono<Void> upload(String location, Publisher<ByteBuffer> data, Consumer<DatabendLoadProgress> progress) {
        return stages.upload(location, data, progress);
    }

    @Override
    public Mono<Void> uploadFile(String location, Path file) {
        return stages.uploadFile(location, file);
    }

    @Override
    public Mono<Void> uploadFile(String location, Path file, Consumer<DatabendLoadProgress> progress) {
        return stages.uploadFile(location, file, progress);
    }

    @Override
    public Flux<DatabendStageFile> list(String location) {
        return stages.list(location);
    }

    @Override
    public Flux<ByteBuffer> download(String location) {
        return stages.download(location);
    }

    @Override
    public Mono<Void> remove(String location) {
        return stages.remove(location);
    }

    /** {@code request} unless the connection is closed. */
    <T> Mono<T> whenOpen(Mono<T> request) {
        return Mono.defer(() -> closed ? Mono.error(new R2dbcNonTransientResourceException("Connection is closed"))
                : request);
    }

    /**
     * A load in this connection's session, after the BEGIN that auto-commit off calls for: a streaming load, or,
     * inside a transaction, the data staged and read by a query, since Databend's streaming load does not hand the
     * transaction on (docs/protocol.md §8.4).
     */
    Mono<DatabendLoadResult> load(String loadSql, String fileName, Flux<ByteBuf> body) {
        return inTurn(() -> {
            if (closed) {
                return Mono.error(new R2dbcNonTransientResourceException("Connection is closed"));
            }
            if (!streamingLoad) {
                return Mono.error(new R2dbcNonTransientResourceException("Databend " + serverVersion
                        + " has no streaming load (PUT /v1/streaming_load came after 1.2.781)"));
            }
            Mono<Void> begin = !autoCommit && !session.inTransaction() ? runNow("BEGIN") : Mono.empty();
            return begin.then(Mono.defer(() -> session.inTransaction() ? loadThroughStage(loadSql, fileName, body)
                    : session.streamingLoad(loadSql, fileName, body, ClientSession.newQueryId())
                            .map(response -> new DatabendLoadResult(response.queryId(), response.rows(),
                                    response.bytes()))));
        });
    }

    /**
     * Uploads the data to the user stage, then runs the load's statement with the stage's file in place of
     * {@code @_databend_load}: Databend reads the file and removes it (docs/protocol.md §8.3), as part of the
     * session's transaction.
     */
    private Mono<DatabendLoadResult> loadThroughStage(String loadSql, String fileName, Flux<ByteBuf> body) {
        String directory = STAGE_DIRECTORY + ClientSession.newQueryId();
        String sql = LOAD_PLACEHOLDER.matcher(loadSql)
                .replaceAll(Matcher.quoteReplacement("@~/" + directory + "/" + fileName));
        return session.uploadToStage("~", directory, fileName, body)
                .then(statementNow(sql, null, 0, null))
                .map(this::holdingTurn)
                .flatMap(DatabendConnection::loaded);
    }

    /**
     * Runs one statement in its turn ({@link StatementQueue}) and emits its result once the first response arrived;
     * the turn lasts until the statement's query ended.
     */
    Mono<Result> execute(String sql, ClientSession.@Nullable JsonWriter params, int fetchSize) {
        return queue.next().flatMap(turn -> started(turn, sql, params, fetchSize));
    }

    /**
     * {@link #execute(String, ClientSession.JsonWriter, int)}; when {@code followed} by another statement of the same
     * {@code execute()}, completing only once the statement's turn ended, so that the next one does not queue behind a
     * result the application has not reached yet (which would release it inside a transaction). Inside a
     * transaction, a result not subscribed to when it was emitted is read ahead ({@link StatementQueue.Turn#followed}).
     */
    Flux<Result> executeInOrder(String sql, ClientSession.@Nullable JsonWriter params, int fetchSize,
                                boolean followed) {
        return queue.next().flatMapMany(turn -> {
            Mono<Result> result = started(turn, sql, params, fetchSize);
            return followed ? result.concatWith(Mono.defer(() -> turn.followed(session.inTransaction()))
                    .then(Mono.empty())) : result;
        });
    }

    /** The statement's result, its query holding {@code turn} until it ended. */
    private Mono<Result> started(StatementQueue.Turn turn, String sql, ClientSession.@Nullable JsonWriter params,
                                 int fetchSize) {
        return statementNow(sql, params, fetchSize, null)
                .doOnNext(turn::runs)
                .doOnError(error -> turn.end())
                .doOnCancel(turn::cancelled)
                .<Result>map(DatabendResult::new)
                .doAfterTerminate(() -> turn.handedOut(session.inTransaction()));
    }

    /** {@code work}, subscribed in its turn; the turn ends with it. */
    <T> Mono<T> inTurn(Supplier<Mono<T>> work) {
        return queue.next().flatMap(turn -> Mono.defer(work).doFinally(signal -> turn.end()));
    }

    /** {@link #inTurn} for work of many items: the turn ends once they all came, or were cancelled. */
    <T> Flux<T> inTurnMany(Supplier<Flux<T>> work) {
        return queue.next().flatMapMany(turn -> Flux.defer(work).doFinally(signal -> turn.end()));
    }

    /** Runs one statement in the caller's turn ({@link #inTurn}) and emits its result once the first response came. */
    Mono<Result> executeNow(String sql) {
        return statementNow(sql, null, 0, null).map(this::holdingTurn).map(DatabendResult::new);
    }

    /**
     * {@code query}, started by the work of the caller's turn (a BEGIN, COMMIT or ROLLBACK, a load's or a stage call's
     * statement) rather than as the turn's own statement ({@link StatementQueue.Turn#runs}): the turn, however its
     * work ends, hands the queue on only once {@code query} ended. A query cancelled after its first response, while
     * its pages are still read, is killed, and the next statement is sent only once that kill was answered.
     */
    private <T> QueryStream<T> holdingTurn(QueryStream<T> query) {
        queue.holdUntil(query.ended());
        return query;
    }

    /**
     * Uploads CSV rows to the user stage, then runs {@code INSERT INTO t [(columns)] VALUES} (or the REPLACE) with
     * the file as its stage attachment (docs/protocol.md §8.3), which removes it ({@code purge}).
     */
    private Mono<DatabendLoadResult> insertThroughStage(InsertValues insert, String fileName, Flux<ByteBuf> csv) {
        String directory = STAGE_DIRECTORY + ClientSession.newQueryId();
        String location = "@~/" + directory + "/" + fileName;
        ClientSession.JsonWriter attachment = generator -> {
            generator.writeStartObject();
            generator.writeStringField("location", location);
            generator.writeObjectFieldStart("file_format_options");
            generator.writeStringField("type", "CSV");
            if (loadsEmptyText()) {
                generator.writeStringField("empty_field_as", "string");
            }
            generator.writeEndObject();
            generator.writeObjectFieldStart("copy_options");
            generator.writeStringField("purge", "true");
            generator.writeEndObject();
            generator.writeEndObject();
        };
        return inTurn(() -> closed ? Mono.error(new R2dbcNonTransientResourceException("Connection is closed"))
                        : session.uploadToStage("~", directory, fileName, csv)
                                .then(statementNow(insert.attachmentSql(), null, 0, attachment))
                                .map(this::holdingTurn)
                                .flatMap(DatabendConnection::loaded));
    }

    /** What the query of a staged load wrote, once it ended. */
    private static Mono<DatabendLoadResult> loaded(QueryStream<Result.Segment> stream) {
        Result result = new DatabendResult(stream);
        return Mono.from(result.getRowsUpdated()).defaultIfEmpty(0L).map(rows -> {
            DatabendResultInfo info = (DatabendResultInfo) result;
            return new DatabendLoadResult(info.queryId(), rows, info.progress().writeBytes());
        });
    }

    /** Starts one statement, after the BEGIN that auto-commit off calls for; to be called in the caller's turn. */
    private Mono<QueryStream<Result.Segment>> statementNow(String sql, ClientSession.@Nullable JsonWriter params,
                                                          int fetchSize,
                                                          ClientSession.@Nullable JsonWriter stageAttachment) {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.error(new R2dbcNonTransientResourceException("Connection is closed"));
            }
            Mono<Void> begin = !autoCommit && !session.inTransaction() && !isTransactionControl(sql)
                    ? runNow("BEGIN") : Mono.empty();
            return begin.then(start(sql, params, fetchSize, stageAttachment))
                    .doOnNext(unclaimed::add);
        });
    }

    private Mono<QueryStream<Result.Segment>> start(String sql, ClientSession.@Nullable JsonWriter params,
                                                    int fetchSize, ClientSession.@Nullable JsonWriter stageAttachment) {
        int pageSize = fetchSize > 0 ? fetchSize : configuration.maxRowsPerPage();
        QueryRequest request = new QueryRequest(sql, params, configuration.waitTimeSecs(), pageSize,
                statementTimeout, stageAttachment);
        return QueryStream.start(session, request, new SegmentMapper(MODIFYING.contains(leadingKeyword(sql))),
                configuration.prefetch(), queue::holdUntil);
    }

    /** Runs {@code sql} to its end in its turn, discarding rows. */
    private Mono<Void> run(String sql) {
        return inTurn(() -> runNow(sql));
    }

    /** Runs {@code sql} to its end, discarding rows; to be called in the caller's turn. */
    private Mono<Void> runNow(String sql) {
        return start(sql, null, 0, null).map(this::holdingTurn).flatMap(stream -> Flux.from(stream).then());
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
        return inTurn(() -> session.inTransaction() ? Mono.<Void>empty() : runNow("BEGIN"));
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
        return inTurn(() -> session.inTransaction() ? runNow("COMMIT") : Mono.<Void>empty());
    }

    @Override
    public Mono<Void> rollbackTransaction() {
        return inTurn(() -> session.inTransaction() ? runNow("ROLLBACK") : Mono.<Void>empty());
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
        return inTurn(() -> {
            boolean commitFirst = autoCommit && session.inTransaction();
            this.autoCommit = autoCommit;
            return commitFirst ? runNow("COMMIT") : Mono.<Void>empty();
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
            return run("SELECT 1").thenReturn(true).onErrorReturn(false);
        });
    }

    @Override
    public Mono<Void> close() {
        return Mono.defer(() -> {
            if (closed) {
                return Mono.empty();
            }
            closed = true;
            keepAlive.stop();
            return unclaimed.releaseAll()
                    .then(session.needLogout() ? session.logout() : Mono.<Void>empty());
        });
    }

    @Override
    public Mono<Void> postAllocate() {
        return Mono.empty();
    }

    /**
     * A pool takes the connection back without closing it: the queries of results nobody subscribed to end now
     * (docs/protocol.md §4.3), not when the garbage collector or the server's result timeout gets to them. Completes
     * once the server answered, each answer awaited for a few seconds at most.
     */
    @Override
    public Mono<Void> preRelease() {
        return Mono.defer(unclaimed::releasePending);
    }

    @Override
    public String toString() {
        return "DatabendConnection{" + configuration.baseUrl() + ", user=" + configuration.user() + ", " + session
                + '}';
    }
}
