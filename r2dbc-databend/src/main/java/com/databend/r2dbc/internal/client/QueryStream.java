package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The items of one running query, paged in by demand (§4): it holds at most the rows of the page it has,
 * and asks the server for the next page only when the subscriber's outstanding demand exceeds the items
 * it still holds. Completion calls {@code final_uri}, cancellation before the end calls {@code kill_uri},
 * and while the query is open and idle a heartbeat keeps it from timing out (§4.4).
 *
 * <p>One subscriber. The buffer and the paging state are touched only inside the serialized drain loop.
 */
public final class QueryStream<T> implements Publisher<T>, Subscription {

    private static final Duration STATE_POLL_INTERVAL = Duration.ofMillis(100);

    private final ClientSession session;
    private final PageMapper<T> mapper;
    private final String queryId;
    private final long deadlineNanos;
    private final Duration timeout;

    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean closeSent = new AtomicBoolean();

    private volatile Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    private volatile boolean serverDone;
    private volatile int buffered;
    private volatile DatabendQueryProgress progress;
    private volatile long lastTouchNanos;
    private volatile QueryResponse arrived;
    private volatile Throwable fetchError;
    private volatile Disposable inflight;
    private volatile Disposable heartbeat;

    private final String nodeId;
    private final Long resultTimeoutSecs;
    private String nextUri;
    private String finalUri;
    private String killUri;
    private boolean fetching;
    private boolean pollingState;
    private boolean terminated;
    private Throwable error;

    QueryStream(ClientSession session, QueryResponse first, PageMapper<T> mapper, Duration timeout,
                long deadlineNanos) {
        this.session = requireNonNull(session, "session must not be null");
        this.mapper = requireNonNull(mapper, "mapper must not be null");
        this.queryId = first.id();
        this.nodeId = first.nodeId();
        this.timeout = timeout;
        this.deadlineNanos = deadlineNanos;
        this.finalUri = first.finalUri();
        this.killUri = first.killUri();
        this.lastTouchNanos = System.nanoTime();
        this.resultTimeoutSecs = first.resultTimeoutSecs();
        this.progress = first.progress();
        accept(first);
        this.buffered = buffer.size();
        if (serverDone) {
            // everything is in the first response: release the server's query now, not when the rows are read
            closeOnce().subscribe();
        }
    }

    /**
     * Starts {@code request}: POSTs it (retried under one client-made query id), waits for the first response
     * and emits the stream of its items. A query error fails the Mono after {@code final_uri} is called.
     */
    public static <T> Mono<QueryStream<T>> start(ClientSession session, QueryRequest request, PageMapper<T> mapper) {
        requireNonNull(session, "session must not be null");
        requireNonNull(request, "request must not be null");
        requireNonNull(mapper, "mapper must not be null");
        return Mono.defer(() -> {
            String queryId = ClientSession.newQueryId();
            Duration timeout = request.timeout();
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            // cancelled (or timed out) before the first response: the server may already run the query, so
            // kill it by its id; a cancel after the response is the consumer's business, not the query's end
            AtomicBoolean responded = new AtomicBoolean();
            Mono<HttpResult> response = session.start(request, queryId)
                    .doOnNext(result -> responded.set(true))
                    .doOnCancel(() -> {
                        if (!responded.get()) {
                            killQuietly(session, "/v1/query/" + queryId + "/kill", null);
                        }
                    });
            if (timeout != null) {
                response = response.timeout(timeout)
                        .onErrorMap(TimeoutException.class, e -> new QueryTimeoutException(queryId, timeout));
            }
            return response.flatMap(result -> {
                if (!result.ok()) {
                    return Mono.error(ClientSession.httpError(result, queryId));
                }
                QueryResponse first;
                try {
                    first = ResponseParser.parseQueryResponse(result.body());
                } catch (IOException e) {
                    return Mono.error(unreadable(e, queryId));
                }
                session.update(first);
                if (first.error() != null) {
                    DatabendServerException failure = toException(first, queryId);
                    if (first.finalUri() != null) {
                        return session.close(first.finalUri(), first.nodeId())
                                .onErrorResume(e -> Mono.empty())
                                .then(Mono.error(failure));
                    }
                    return Mono.error(failure);
                }
                return Mono.just(new QueryStream<>(session, first, mapper, timeout, deadline));
            });
        });
    }

    public String queryId() {
        return queryId;
    }

    /** The query's {@code stats} as of the last response. */
    public DatabendQueryProgress progress() {
        return progress;
    }

    /** Items received from the server and not yet emitted to the subscriber. */
    public int bufferedItems() {
        return buffered;
    }

    @Override
    public void subscribe(Subscriber<? super T> actual) {
        requireNonNull(actual, "subscriber must not be null");
        if (!subscribed.compareAndSet(false, true)) {
            Operators.error(actual, new IllegalStateException("The result of query " + queryId
                    + " can be consumed only once"));
            return;
        }
        this.subscriber = actual;
        if (!serverDone) {
            // only a subscribed result is kept alive; an abandoned one is closed by abandon() or times out
            startHeartbeat(resultTimeoutSecs);
        }
        actual.onSubscribe(this);
        drain();
    }

    /** Whether nobody subscribed yet and the server's query is still open (its pages pending). */
    public boolean awaitsSubscriber() {
        return !subscribed.get() && !closeSent.get();
    }

    /** {@link #release()} without waiting for the answer, for a result dropped without being consumed. */
    public void abandon() {
        release().subscribe(null, e -> { });
    }

    /**
     * Releases the query of a result nobody subscribed to: {@code kill_uri} when rows are still pending,
     * else {@code final_uri}; completes once the server answered (errors ignored). No effect once subscribed
     * or closed; a later subscriber gets the server's answer for a closed query.
     */
    public Mono<Void> release() {
        return Mono.defer(() -> {
            if (subscribed.get() || !closeSent.compareAndSet(false, true)) {
                return Mono.empty();
            }
            String uri = serverDone ? finalUri : killTarget();
            if (uri == null) {
                return Mono.empty();
            }
            return session.close(uri, nodeId).then().onErrorResume(e -> Mono.empty());
        });
    }

    @Override
    public void request(long n) {
        if (Operators.validate(n)) {
            requested.getAndAccumulate(n, Operators::addCap);
            drain();
        }
    }

    @Override
    public void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        Disposable pending = inflight;
        if (pending != null) {
            pending.dispose();
        }
        stopHeartbeat();
        if (closeSent.compareAndSet(false, true)) {
            if (serverDone) {
                closeQuietly(finalUri);
            } else {
                kill();
                closeQuietly(finalUri);
            }
        }
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        for (;;) {
            if (cancelled) {
                buffer.clear();
                buffered = 0;
            } else if (!terminated) {
                takeArrivals();
                Subscriber<? super T> actual = subscriber;
                if (actual != null) {
                    long demand = requested.get();
                    long emitted = 0;
                    while (emitted != demand && !cancelled) {
                        T item = buffer.poll();
                        if (item == null) {
                            break;
                        }
                        actual.onNext(item);
                        emitted++;
                    }
                    if (emitted != 0 && demand != Long.MAX_VALUE) {
                        requested.addAndGet(-emitted);
                    }
                    buffered = buffer.size();
                    if (!cancelled && buffer.isEmpty() && !fetching) {
                        if (error != null) {
                            terminate();
                            Throwable failure = error;
                            closeOnce().subscribe(null, null, () -> actual.onError(failure));
                        } else if (serverDone) {
                            terminate();
                            closeOnce().subscribe(null, null, actual::onComplete);
                        }
                    }
                    if (!terminated && !cancelled && !fetching && !serverDone && error == null
                            && requested.get() > buffer.size()) {
                        fetchNext();
                    }
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    private void takeArrivals() {
        QueryResponse page = arrived;
        if (page != null) {
            arrived = null;
            fetching = false;
            accept(page);
        }
        Throwable failure = fetchError;
        if (failure != null) {
            fetchError = null;
            fetching = false;
            error = failure;
            serverDone = true;
        }
    }

    private void accept(QueryResponse page) {
        if (page.finalUri() != null) {
            finalUri = page.finalUri();
        }
        if (page.killUri() != null) {
            killUri = page.killUri();
        }
        if (page.error() != null) {
            error = toException(page, queryId);
            serverDone = true;
            return;
        }
        if (pollingState) {
            acceptState(page);
            return;
        }
        String next = page.nextUri();
        boolean last = next == null || next.endsWith("/final");
        if (last && next != null) {
            finalUri = next;
        }
        try {
            mapper.onPage(page, buffer::add);
            if (last) {
                serverDone = true;
                mapper.onComplete(page, buffer::add);
            }
        } catch (RuntimeException e) {
            error = e;
            serverDone = true;
            return;
        }
        if (!last) {
            nextUri = next;
            // neither a page nor the final URI: the stats URI, polled until the query stopped (§4.1)
            pollingState = !next.contains("/page/");
        }
    }

    /** A {@code StateResponse} (§3.4): done once the state is terminal, else polled again. */
    private void acceptState(QueryResponse state) {
        if ("Succeeded".equals(state.state()) || "Failed".equals(state.state())) {
            serverDone = true;
            try {
                mapper.onComplete(state, buffer::add);
            } catch (RuntimeException e) {
                error = e;
            }
        }
    }

    private void fetchNext() {
        fetching = true;
        Mono<HttpResult> page = session.page(nextUri, nodeId);
        if (pollingState) {
            page = Mono.delay(STATE_POLL_INTERVAL).then(page);
        }
        if (deadlineNanos != 0) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                timedOut();
                return;
            }
            page = page.timeout(Duration.ofNanos(remaining));
        }
        lastTouchNanos = System.nanoTime();
        inflight = page.subscribe(this::pageReceived, failure -> {
            if (failure instanceof TimeoutException) {
                timedOut();
            } else {
                fetchError = failure;
                drain();
            }
        });
    }

    private void timedOut() {
        if (closeSent.compareAndSet(false, true)) {
            kill();
        }
        fetchError = new QueryTimeoutException(queryId, timeout);
        drain();
    }

    private void pageReceived(HttpResult result) {
        lastTouchNanos = System.nanoTime();
        if (!result.ok()) {
            fetchError = ClientSession.httpError(result, queryId);
        } else {
            try {
                QueryResponse page = ResponseParser.parseQueryResponse(result.body());
                session.update(page);
                if (!page.progress().equals(DatabendQueryProgress.NONE)) {
                    progress = page.progress();
                }
                arrived = page;
            } catch (IOException e) {
                fetchError = unreadable(e, queryId);
            }
        }
        drain();
    }

    private void terminate() {
        terminated = true;
        stopHeartbeat();
    }

    /** Calls {@code final_uri} once (errors ignored); completes when it is done. */
    private Mono<Void> closeOnce() {
        if (!closeSent.compareAndSet(false, true) || finalUri == null) {
            return Mono.empty();
        }
        return session.close(finalUri, nodeId).then().onErrorResume(e -> Mono.empty());
    }

    private void closeQuietly(String uri) {
        if (uri != null) {
            session.close(uri, nodeId).subscribe(null, e -> { });
        }
    }

    /** Kills the query; errors ignored. */
    private void kill() {
        killQuietly(session, killTarget(), nodeId);
    }

    /** The {@code kill_uri} of the last response, or the kill URI by query id when none named one. */
    private String killTarget() {
        return killUri != null ? killUri : "/v1/query/" + queryId + "/kill";
    }

    private static void killQuietly(ClientSession session, String uri, String node) {
        session.close(uri, node).subscribe(null, e -> { });
    }

    private void startHeartbeat(Long resultTimeoutSecs) {
        if (resultTimeoutSecs == null || resultTimeoutSecs <= 0) {
            return;
        }
        long idleLimitNanos = Duration.ofSeconds(resultTimeoutSecs).toNanos() / 2;
        Duration period = Duration.ofMillis(Math.max(250, resultTimeoutSecs * 1000 / 4));
        heartbeat = Flux.interval(period, period)
                .filter(tick -> !fetching() && System.nanoTime() - lastTouchNanos >= idleLimitNanos)
                .concatMap(tick -> session.heartbeat(nodeId, queryId).onErrorReturn(true)
                        .doOnNext(more -> lastTouchNanos = System.nanoTime()))
                .takeWhile(more -> more)
                .subscribe(null, e -> { });
    }

    private boolean fetching() {
        return inflight != null && !inflight.isDisposed() && !serverDone;
    }

    private void stopHeartbeat() {
        Disposable current = heartbeat;
        if (current != null) {
            current.dispose();
        }
    }

    private static DatabendServerException toException(QueryResponse page, String fallbackId) {
        QueryResponse.QueryError failure = page.error();
        String id = page.id() == null || page.id().isEmpty() ? fallbackId : page.id();
        return new DatabendServerException(failure.code(), failure.message(), failure.detail(), id, 200);
    }

    private static DatabendServerException unreadable(IOException e, String queryId) {
        return new DatabendServerException(0, "Unreadable response: " + e.getMessage(), null, queryId, 200);
    }

    @Override
    public String toString() {
        return "QueryStream{queryId=" + queryId + ", buffered=" + buffered + '}';
    }
}
