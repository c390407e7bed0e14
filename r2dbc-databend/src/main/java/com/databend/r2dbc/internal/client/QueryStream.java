package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import com.databend.r2dbc.internal.client.QueryEnding.Reason;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The items of one running query, paged in by demand (docs/protocol.md §4): it holds at most the rows of the page it
 * has, and asks for the next page only when the subscriber's outstanding demand exceeds the items it holds.
 *
 * <p>Jobs: this class runs the drain loop (demand and emission); {@link PageFetcher} says where the next
 * response comes from; {@link QueryKeepAlive} sends heartbeats while the subscriber is slow; {@link QueryEnding}
 * ends the query once, for one {@link Reason}: {@code final} as soon as the last page is in (not when it is
 * consumed, and never awaited by the result), {@code kill} when the query fails, times out, is cancelled or
 * abandoned while the server may still run it.
 *
 * <p>Threading: one subscriber. The buffer, the fetcher and the paging state are touched only inside the
 * serialized drain loop; responses and failures reach it through volatile hand-off fields. What other threads
 * read (the query's handle, progress, buffered count) is published through volatile fields.
 */
public final class QueryStream<T> implements Publisher<T>, Subscription {

    private final PageMapper<T> mapper;
    private final String queryId;
    private final PageFetcher fetcher;
    private final QueryEnding ending;
    private final QueryKeepAlive keepAlive;

    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();

    private volatile Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    private volatile int buffered;
    private volatile DatabendQueryProgress progress;
    private volatile QueryResponse arrived;
    private volatile Throwable fetchError;
    private volatile Disposable inflight;

    // confined to the drain loop
    private QueryHandle handle;
    private boolean fetching;
    private boolean serverDone;
    private boolean terminated;
    private Throwable error;
    private Reason failure = Reason.FAILED;

    private QueryStream(QueryExchange exchange, QueryResponse first, PageMapper<T> mapper, PageFetcher fetcher,
                        QueryEnding ending) {
        this.mapper = mapper;
        this.fetcher = fetcher;
        this.ending = ending;
        this.handle = new QueryHandle(ending.handle().queryId(), first.nodeId(), null, null, false);
        this.queryId = handle.queryId();
        this.keepAlive = new QueryKeepAlive(exchange, first.resultTimeoutSecs());
        this.progress = first.progress();
        accept(first);
        this.buffered = buffer.size();
    }

    /**
     * Starts {@code request} under a new query id (kept across retries of the start, so the server runs it
     * once) and emits the stream of its items once the first response is in. A query error fails the Mono;
     * a cancel or statement timeout before the first response kills the query by its id.
     */
    public static <T> Mono<QueryStream<T>> start(QueryExchange exchange, QueryRequest request,
                                                 PageMapper<T> mapper) {
        requireNonNull(exchange, "exchange must not be null");
        requireNonNull(request, "request must not be null");
        requireNonNull(mapper, "mapper must not be null");
        return Mono.defer(() -> {
            String queryId = ClientSession.newQueryId();
            Duration timeout = request.timeout();
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            QueryEnding ending = new QueryEnding(exchange, QueryHandle.byId(queryId));
            PageFetcher fetcher = new PageFetcher(exchange, timeout, deadline);
            // cancelled (or timed out) before the first response: the server may already run the query
            AtomicBoolean responded = new AtomicBoolean();
            Mono<QueryResponse> response = exchange.start(request, queryId)
                    .doOnNext(first -> responded.set(true))
                    .doOnCancel(() -> {
                        if (!responded.get()) {
                            ending.end(fetcher.pastDeadline() ? Reason.TIMED_OUT : Reason.CANCELLED);
                        }
                    });
            if (timeout != null) {
                response = response.timeout(timeout,
                        Mono.error(() -> ExceptionFactory.statementTimeout(queryId, timeout)));
            }
            return response.flatMap(first -> {
                QueryStream<T> stream = new QueryStream<>(exchange, first, mapper, fetcher, ending);
                stream.settle();
                return stream.serverDone && stream.error != null ? Mono.error(stream.error) : Mono.just(stream);
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
        if (ending.reason() == null) {
            // only a subscribed result is kept alive; an abandoned one is released or times out
            keepAlive.start(ending.handle());
        }
        actual.onSubscribe(this);
        drain();
    }

    /** Whether nobody subscribed yet and the server's query is still open (its pages pending). */
    public boolean awaitsSubscriber() {
        return !subscribed.get() && ending.reason() == null;
    }

    /** {@link #release()} without waiting for the answer, for a result dropped without being consumed. */
    public void abandon() {
        if (!subscribed.get()) {
            ending.end(Reason.ABANDONED);
        }
    }

    /**
     * Ends the query of a result nobody subscribed to ({@code kill} when rows are still pending, else
     * {@code final}); completes once the server answered. No effect once subscribed or ended.
     */
    public Mono<Void> release() {
        return Mono.defer(() -> subscribed.get() ? Mono.empty() : ending.end(Reason.ABANDONED));
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
        keepAlive.stop();
        ending.end(Reason.CANCELLED);
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
                    emit(actual);
                    if (!cancelled && buffer.isEmpty() && !fetching && (error != null || serverDone)) {
                        terminated = true;
                        keepAlive.stop();
                        if (error != null) {
                            actual.onError(error);
                        } else {
                            actual.onComplete();
                        }
                    } else if (!cancelled && !fetching && !serverDone && error == null
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

    private void emit(Subscriber<? super T> actual) {
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
    }

    private void takeArrivals() {
        QueryResponse page = arrived;
        if (page != null) {
            arrived = null;
            fetching = false;
            keepAlive.requesting(false);
            accept(page);
            settle();
        }
        Throwable failed = fetchError;
        if (failed != null) {
            fetchError = null;
            fetching = false;
            keepAlive.requesting(false);
            error = ExceptionFactory.unexpected(failed, queryId);
            failure = fetcher.pastDeadline() ? Reason.TIMED_OUT : Reason.FAILED;
            settle();
        }
    }

    /** Takes one response: its URIs, then its error, state or rows. */
    private void accept(QueryResponse page) {
        handle = handle.with(page);
        QueryResponse.QueryError reported = page.error();
        if (reported != null) {
            String id = page.id() == null || page.id().isEmpty() ? queryId : page.id();
            error = ExceptionFactory.server(reported.code(), 200, reported.message(), reported.detail(), id);
            serverDone = true;
            return;
        }
        try {
            if (fetcher.pollingState()) {
                if (PageFetcher.stopped(page)) {
                    serverDone = true;
                    mapper.onComplete(page, buffer::add);
                }
                return;
            }
            mapper.onPage(page, buffer::add);
            if (fetcher.follow(page)) {
                serverDone = true;
                mapper.onComplete(page, buffer::add);
            }
        } catch (RuntimeException e) {
            error = ExceptionFactory.unexpected(e, queryId);
        }
    }

    /** Publishes the handle and ends the query once the server is done with it or it failed. */
    private void settle() {
        if (serverDone) {
            handle = handle.done();
        }
        ending.track(handle);
        if (serverDone) {
            ending.end(error == null ? Reason.COMPLETED : Reason.FAILED);
        } else if (error != null) {
            ending.end(failure);
        }
        if (serverDone || error != null) {
            // an ended query needs no heartbeat, however slowly its buffered rows are consumed
            keepAlive.stop();
        }
    }

    private void fetchNext() {
        fetching = true;
        keepAlive.requesting(true);
        inflight = fetcher.next(handle).subscribe(this::pageArrived, this::fetchFailed);
    }

    private void pageArrived(QueryResponse page) {
        if (!page.progress().equals(DatabendQueryProgress.NONE)) {
            progress = page.progress();
        }
        arrived = page;
        drain();
    }

    private void fetchFailed(Throwable failed) {
        fetchError = failed;
        drain();
    }

    @Override
    public String toString() {
        return "QueryStream{queryId=" + queryId + ", buffered=" + buffered + '}';
    }
}
