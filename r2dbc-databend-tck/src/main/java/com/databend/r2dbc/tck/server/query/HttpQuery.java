package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.AuthenticationFailure;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.databend.r2dbc.tck.server.sql.StatementExecution;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/**
 * One query of one node (docs/protocol.md §4): its statement runs on a worker thread and fills a bounded row buffer;
 * page requests take pages from it, long-polling without holding a thread. All mutable state is guarded by
 * {@code this}.
 */
public final class HttpQuery {

    /** Pages stop at about this much cell text, like Databend's 4 MiB page builder. */
    static final long PAGE_BYTES = 4L * 1024 * 1024;

    private final String id;

    private final String nodeId;

    private final String user;

    private final String clientSessionId;

    private final Pagination pagination;

    private final long resultTimeoutSecs;

    private final ResponseSettings settings;

    private final QueryPlan plan;

    private final QueryJournal journal;

    private final Scheduler worker;

    private final long startNanos = System.nanoTime();

    private SessionState session;

    private SessionState sentSession;

    private Affect affect;

    private QueryState state = QueryState.Starting;

    private DatabendError error;

    private boolean hasResultSet;

    private List<SchemaField> schema = List.of();

    private StatementExecution execution;

    private final ArrayDeque<BufferedRow> buffer = new ArrayDeque<>();

    private long bufferBytes;

    /** No more rows will come: the statement succeeded, failed or the query was closed. */
    private boolean ended;

    /** A worker task owns the execution (opening it, reading rows or releasing it). */
    private boolean taskRunning = true;

    private boolean released;

    private int nextPage;

    private List<String[]> lastPage = List.of();

    private boolean lastPageFull;

    private long resultRows;

    private long resultBytes;

    private long scannedRows;

    private long writtenRows;

    private long finishedNanos = -1;

    private CloseReason closed;

    private long closedAtMillis;

    private long lastTouchMillis = System.currentTimeMillis();

    private int activePolls;

    private Sinks.Empty<Void> readySignal = Sinks.empty();

    HttpQuery(String id, String nodeId, String user, String clientSessionId, Pagination pagination,
              long resultTimeoutSecs, ResponseSettings settings, SessionState session, QueryPlan plan,
              QueryJournal journal, Scheduler worker) {
        this.id = requireNonNull(id, "id must not be null");
        this.nodeId = requireNonNull(nodeId, "nodeId must not be null");
        this.user = requireNonNull(user, "user must not be null");
        this.clientSessionId = clientSessionId;
        this.pagination = requireNonNull(pagination, "pagination must not be null");
        this.resultTimeoutSecs = resultTimeoutSecs;
        this.settings = requireNonNull(settings, "settings must not be null");
        this.session = requireNonNull(session, "session must not be null");
        this.plan = requireNonNull(plan, "plan must not be null");
        this.journal = requireNonNull(journal, "journal must not be null");
        this.worker = requireNonNull(worker, "worker must not be null");
    }

    public String id() {
        return this.id;
    }

    public String user() {
        return this.user;
    }

    /** The {@code wait_time_secs} the query was started with; it applies to every page request. */
    public long waitTimeSecs() {
        return this.pagination.waitTimeSecs();
    }

    void start() {
        this.journal.started();
        this.worker.schedule(this::openAndFill);
    }

    /** Changes the session the query's responses carry (session statements, transaction state). */
    public synchronized void updateSession(UnaryOperator<SessionState> change) {
        this.session = change.apply(this.session);
    }

    public synchronized SessionState session() {
        return this.session;
    }

    public synchronized void affect(Affect newAffect) {
        this.affect = newAffect;
    }

    // ---------------------------------------------------------------- worker side

    private void openAndFill() {
        StatementExecution opened;
        try {
            opened = this.plan.open(this);
        } catch (DatabendError e) {
            fail(e);
            drive();
            return;
        } catch (RuntimeException e) {
            fail(internalError(e));
            drive();
            return;
        }
        synchronized (this) {
            this.execution = opened;
            if (this.closed == null) {
                this.hasResultSet = opened.hasResultSet();
                this.schema = opened.hasResultSet() ? List.copyOf(opened.schema()) : List.of();
                this.state = QueryState.Running;
            }
        }
        drive();
    }

    /** Reads rows until the buffer is full or the statement ended; releases the statement once it ended. */
    private void drive() {
        while (true) {
            StatementExecution current;
            boolean releaseNow = false;
            synchronized (this) {
                current = this.execution;
                if (this.ended || this.closed != null) {
                    this.taskRunning = false;
                    if (this.released) {
                        return;
                    }
                    this.released = true;
                    releaseNow = true;
                } else if (this.buffer.size() >= this.pagination.bufferRows()
                    || this.bufferBytes >= 2 * PAGE_BYTES) {
                    this.taskRunning = false;
                    return;
                }
            }
            if (releaseNow) {
                release(current);
                return;
            }
            String[] row;
            try {
                row = current.nextRow();
            } catch (DatabendError e) {
                fail(e);
                continue;
            } catch (RuntimeException e) {
                fail(internalError(e));
                continue;
            }
            if (row == null) {
                long written = current.writtenRows();
                long scanned = current.scannedRows();
                Sinks.Empty<Void> signal;
                synchronized (this) {
                    this.writtenRows = written;
                    this.scannedRows = Math.max(scanned, this.resultRows);
                    if (!this.ended) {
                        this.ended = true;
                        this.state = QueryState.Succeeded;
                        this.finishedNanos = System.nanoTime();
                    }
                    signal = swapSignal();
                }
                signal.tryEmitEmpty();
                continue;
            }
            long bytes = rowBytes(row);
            Sinks.Empty<Void> signal = null;
            synchronized (this) {
                if (this.closed != null || this.ended) {
                    continue;
                }
                this.buffer.addLast(new BufferedRow(row, bytes));
                this.bufferBytes += bytes;
                this.resultRows++;
                this.resultBytes += bytes;
                if (this.activePolls > 0 && pageReady()) {
                    signal = swapSignal();
                }
            }
            if (signal != null) {
                signal.tryEmitEmpty();
            }
        }
    }

    private void release(StatementExecution current) {
        try {
            if (current != null) {
                current.close();
            }
        } catch (RuntimeException ignored) {
            // the statement is over either way; its plan still gives back the connection below
        } finally {
            this.plan.release();
        }
    }

    private void fail(DatabendError failure) {
        Sinks.Empty<Void> signal;
        synchronized (this) {
            if (this.ended) {
                return;
            }
            markFailed(failure);
            signal = swapSignal();
        }
        signal.tryEmitEmpty();
    }

    /** Under the lock: the statement failed with {@code failure}, which fails an open transaction too. */
    private void markFailed(DatabendError failure) {
        markStopped(failure);
        if (this.session.txnState() == TxnState.Active) {
            this.session = this.session.withTxnState(TxnState.Fail);
        }
        this.plan.failed(failure);
    }

    /** Under the lock: the statement stopped early with {@code failure}. */
    private void markStopped(DatabendError failure) {
        this.ended = true;
        this.state = QueryState.Failed;
        this.error = failure;
        this.buffer.clear();
        this.bufferBytes = 0;
        this.finishedNanos = System.nanoTime();
    }

    private Sinks.Empty<Void> swapSignal() {
        Sinks.Empty<Void> current = this.readySignal;
        this.readySignal = Sinks.empty();
        return current;
    }

    private static DatabendError internalError(RuntimeException e) {
        return new DatabendError(1001, Objects.toString(e.getMessage(), e.getClass().getName()));
    }

    private long rowBytes(String[] row) {
        long bytes = 0;
        for (int i = 0; i < row.length; i++) {
            String cell = row[i];
            if (cell == null) {
                bytes += 1;
                continue;
            }
            String type = i < this.schema.size() ? this.schema.get(i).type() : "String";
            bytes += fixedWidth(type, cell);
        }
        return bytes;
    }

    private static long fixedWidth(String type, String cell) {
        String bare = type.startsWith("Nullable(") ? type.substring(9, type.length() - 1) : type;
        return switch (bare) {
            case "Int64", "UInt64", "Float64", "Timestamp" -> 8;
            case "Int32", "UInt32", "Float32", "Date" -> 4;
            case "Int16", "UInt16" -> 2;
            case "Int8", "UInt8", "Boolean" -> 1;
            default -> utf8Length(cell);
        };
    }

    private static long utf8Length(String text) {
        long length = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                length += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
            }
        }
        return length;
    }

    // ---------------------------------------------------------------- request side

    /**
     * Serves page {@code pageNo}, waiting up to {@code waitSecs} for a full page (docs/protocol.md §2.2, §4.2).
     *
     * @throws ProtocolError 400 once closed, 404 for a page outside the window
     */
    public Mono<QueryResponse> page(int pageNo, long waitSecs) {
        return Mono.defer(() -> {
            Attempt attempt = attempt(pageNo, waitSecs <= 0);
            if (attempt.response() != null) {
                return Mono.just(attempt.response());
            }
            return attempt.signal().asMono()
                .timeout(Duration.ofSeconds(waitSecs), Mono.empty())
                .then(Mono.fromCallable(() -> attempt(pageNo, true).response()))
                .doFinally(s -> pollDone());
        });
    }

    /** Either the response, or the signal to wait for before trying again. */
    private record Attempt(QueryResponse response, Sinks.Empty<Void> signal) {
    }

    private synchronized void pollDone() {
        this.activePolls--;
        this.journal.pollAnswered();
        this.lastTouchMillis = System.currentTimeMillis();
    }

    /** A response, or the signal to wait for when the page is not ready and {@code force} is false. */
    private Attempt attempt(int pageNo, boolean force) {
        boolean scheduleFill = false;
        QueryResponse response;
        synchronized (this) {
            this.lastTouchMillis = System.currentTimeMillis();
            if (this.closed != null) {
                throw new ProtocolError(400, "Query " + this.id + " is closed for " + this.closed.text());
            }
            if (pageNo == this.nextPage) {
                if (!force && !pageReady()) {
                    this.activePolls++;
                    this.journal.pollWaiting();
                    return new Attempt(null, this.readySignal);
                }
                TakenPage taken = takePage();
                List<String[]> rows = taken.rows();
                boolean full = rows.size() >= this.pagination.pageRows() || taken.bytes() >= PAGE_BYTES;
                if (!rows.isEmpty()) {
                    this.lastPage = rows;
                    this.lastPageFull = full;
                    this.nextPage++;
                }
                if (!this.taskRunning && !this.ended && this.execution != null) {
                    this.taskRunning = true;
                    scheduleFill = true;
                }
                response = snapshot(rows, nextUri(!rows.isEmpty() && full), false);
            } else if (pageNo + 1 == this.nextPage) {
                response = snapshot(this.lastPage, nextUri(this.lastPageFull), false);
            } else {
                throw new ProtocolError(404,
                    "Invalid page number: requested " + pageNo + ", current page is " + this.nextPage);
            }
        }
        if (scheduleFill) {
            this.worker.schedule(this::drive);
        }
        return new Attempt(response, null);
    }

    private boolean pageReady() {
        return this.ended || this.buffer.size() > this.pagination.pageRows() || this.bufferBytes >= PAGE_BYTES;
    }

    private TakenPage takePage() {
        int limit = this.pagination.pageRows();
        List<String[]> rows = new ArrayList<>(Math.min(limit, this.buffer.size()));
        long bytes = 0;
        while (rows.size() < limit && !this.buffer.isEmpty() && (rows.isEmpty() || bytes < PAGE_BYTES)) {
            BufferedRow row = this.buffer.pollFirst();
            bytes += row.bytes();
            this.bufferBytes -= row.bytes();
            rows.add(row.cells());
        }
        return new TakenPage(rows, bytes);
    }

    /** A row waiting in the buffer, with its size in the page budget. */
    private record BufferedRow(String[] cells, long bytes) {
    }

    private record TakenPage(List<String[]> rows, long bytes) {
    }

    private String nextUri(boolean pageWasFull) {
        return switch (this.state) {
            case Failed -> finalUri();
            case Starting, Running -> pageUri(this.nextPage);
            case Succeeded -> pageWasFull || !this.buffer.isEmpty() ? pageUri(this.nextPage) : finalUri();
        };
    }

    private String pageUri(int page) {
        return "/v1/query/" + this.id + "/page/" + page;
    }

    private String finalUri() {
        return "/v1/query/" + this.id + "/final";
    }

    private QueryResponse snapshot(List<String[]> rows, String nextUri, boolean isFinal) {
        SessionState responseSession = null;
        if (!isFinal && !this.session.equals(this.sentSession)) {
            responseSession = this.session;
            this.sentSession = this.session;
        }
        boolean planned = this.state != QueryState.Starting;
        return new QueryResponse(this.id, this.clientSessionId == null ? "" : this.clientSessionId, this.nodeId,
            this.state, responseSession, this.error, List.of(), planned ? this.hasResultSet : null,
            this.schema, rows, isFinal ? null : this.affect, this.resultTimeoutSecs, planned ? this.settings : null,
            stats(), "/v1/query/" + this.id, finalUri(), nextUri, "/v1/query/" + this.id + "/kill");
    }

    private QueryStats stats() {
        long end = this.finishedNanos < 0 ? System.nanoTime() : this.finishedNanos;
        long scanRows = Math.max(this.scannedRows, this.resultRows);
        return new QueryStats(scanRows, this.resultBytes, this.writtenRows, 0, this.resultRows, this.resultBytes,
            Duration.ofNanos(end - this.startNanos).toMillis());
    }

    /**
     * {@code /final} (docs/protocol.md §4.3): closes the query (reason finalized) and answers without data; idempotent.
     */
    public QueryResponse finish() {
        close(CloseReason.FINALIZED);
        synchronized (this) {
            return snapshot(List.of(), null, true);
        }
    }

    /** {@code GET /v1/query/{id}} (docs/protocol.md §3.4). */
    public synchronized StateResponse stateResponse() {
        this.lastTouchMillis = System.currentTimeMillis();
        if (this.closed != null) {
            return new StateResponse(this.closed == CloseReason.FINALIZED ? QueryState.Succeeded : QueryState.Failed,
                null, QueryStats.zero());
        }
        return new StateResponse(this.state, this.error, stats());
    }

    /** Closes the query; the first reason wins. Stops a running statement. */
    public void close(CloseReason reason) {
        StatementExecution toCancel = null;
        boolean scheduleRelease = false;
        Sinks.Empty<Void> signal;
        synchronized (this) {
            if (this.closed != null) {
                return;
            }
            this.closed = reason;
            this.closedAtMillis = System.currentTimeMillis();
            if (!this.ended) {
                switch (reason) {
                    case CANCELED -> markFailed(new DatabendError(1043, "canceled by client"));
                    case TIMED_OUT -> markFailed(new DatabendError(1043,
                        "timed out after " + this.resultTimeoutSecs + " secs, drained = false"));
                    // a client that stops reading a result early may go on with its transaction
                    case FINALIZED -> markStopped(new DatabendError(1044, "closed by client"));
                }
            }
            this.buffer.clear();
            this.bufferBytes = 0;
            // page requests of a closed query are refused, so the tombstone need not keep the last page
            this.lastPage = List.of();
            if (this.taskRunning) {
                toCancel = this.execution;
            } else if (!this.released) {
                this.taskRunning = true;
                scheduleRelease = true;
            }
            signal = swapSignal();
        }
        this.journal.closed(this.id, reason);
        signal.tryEmitEmpty();
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (scheduleRelease) {
            this.worker.schedule(this::drive);
        }
    }

    /** Refuses requests by another user or another client session (docs/protocol.md §2.6). */
    public void checkAccess(String requestUser, String requestClientSessionId) {
        if (!this.user.equals(requestUser)) {
            throw new AuthenticationFailure(5100,
                "Authentication error: query " + this.id + " expected user " + this.user + ", but got " + requestUser);
        }
        if (!Objects.equals(this.clientSessionId, requestClientSessionId)) {
            throw new AuthenticationFailure(5100, "Authentication error: wrong client_session_id, expected "
                + debugOption(this.clientSessionId) + ", got " + debugOption(requestClientSessionId));
        }
    }

    private static String debugOption(String value) {
        return value == null ? "None" : "Some(\"" + value + "\")";
    }

    /**
     * Heartbeat (docs/protocol.md §4.4): keeps an undrained query alive; {@code true} when it needs no more heartbeats.
     */
    synchronized boolean heartbeat() {
        if (this.closed != null || (this.ended && this.buffer.isEmpty())) {
            return true;
        }
        this.lastTouchMillis = System.currentTimeMillis();
        return false;
    }

    synchronized boolean isOpen() {
        return this.closed == null;
    }

    synchronized boolean idleTooLong(long nowMillis) {
        return this.closed == null && this.activePolls == 0
            && nowMillis - this.lastTouchMillis > this.resultTimeoutSecs * 1000;
    }

    synchronized boolean tombstoneExpired(long nowMillis) {
        if (this.closed == null) {
            return false;
        }
        long keepSecs = this.closed == CloseReason.FINALIZED ? Math.min(this.resultTimeoutSecs, 30)
            : this.resultTimeoutSecs;
        return nowMillis - this.closedAtMillis > keepSecs * 1000;
    }
}
