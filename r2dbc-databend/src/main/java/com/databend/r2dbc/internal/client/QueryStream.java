package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import com.databend.r2dbc.internal.client.QueryEnding.Reason;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The items of one running query, paged in (docs/protocol.md §4). With prefetch, the next page is requested as soon as
 * a page arrives, so the server works while the subscriber drains the rows it holds; a page that arrives before they
 * are drained is held as it came until they are. It holds at most two pages: the one draining and the one arriving
 * (or held), and sends at most one page request at a time. Without prefetch, it asks for the next page only when the
 * subscriber's outstanding demand exceeds the items it holds.
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
    private final boolean prefetch;

    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final Consumer<T> toBuffer = buffer::add;
    // the callbacks of every page request, made once
    private final Consumer<QueryResponse> onPage = this::pageArrived;
    private final Consumer<Throwable> onPageFailure = this::fetchFailed;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final Sinks.Empty<Void> fullWithoutSubscriber = Sinks.empty();

    private volatile Subscriber<? super T> subscriber;
    private volatile boolean cancelled;
    private volatile int buffered;
    private volatile DatabendQueryProgress progress;
    private volatile QueryResponse arrived;
    private volatile Throwable fetchError;
    private volatile Disposable inflight;
    private volatile boolean readingAhead;

    // confined to the drain loop
    private QueryHandle handle;
    private boolean fetching;
    // a response received while rows of the one before are still buffered; heldState: it came from the state URI
    private QueryResponse held;
    private boolean heldState;
    private boolean serverDone;
    private boolean terminated;
    private Throwable error;
    private Reason failure = Reason.FAILED;

    private QueryStream(QueryExchange exchange, QueryResponse first, PageMapper<T> mapper, PageFetcher fetcher,
                        QueryEnding ending, boolean prefetch) {
        this.mapper = mapper;
        this.prefetch = prefetch;
        this.fetcher = fetcher;
        this.ending = ending;
        this.handle = new QueryHandle(ending.handle().queryId(), first.nodeId(), null, null, false);
        this.queryId = handle.queryId();
        this.keepAlive = new QueryKeepAlive(exchange, first.resultTimeoutSecs());
        this.progress = first.progress();
        receive(first);
        unpack();
        this.buffered = buffer.size();
    }

    /** {@link #start(QueryExchange, QueryRequest, PageMapper, boolean)} without prefetch. */
    public static <T> Mono<QueryStream<T>> start(QueryExchange exchange, QueryRequest request,
                                                 PageMapper<T> mapper) {
        return start(exchange, request, mapper, false);
    }

    /** {@link #start(QueryExchange, QueryRequest, PageMapper, boolean, Consumer)}, nobody waiting for it to settle. */
    public static <T> Mono<QueryStream<T>> start(QueryExchange exchange, QueryRequest request,
                                                 PageMapper<T> mapper, boolean prefetch) {
        return start(exchange, request, mapper, prefetch, settled -> { });
    }

    /**
     * Starts {@code request} under a new query id (kept across retries of the start, so the server runs it
     * once) and emits the stream of its items once the first response is in. A query error fails the Mono.
     * {@code prefetch}: once subscribed, the next page is requested while the subscriber drains the current one.
     *
     * <p>A cancel or statement timeout before the first response kills the query by its id at once, but does not drop
     * the request: the server may run the query already, and that kill may reach it before the query does. Once the
     * first response came, the query is ended again by it ({@link QueryEnding#endAgain}). {@code settling} is given,
     * when the Mono is subscribed, what completes once the start is settled: its first response or failure reached
     * the caller, or, after the caller left, both kills were answered (or the request failed). That takes at most
     * the response timeout of a request ({@code pageRequestTimeout} plus {@code waitTimeSecs}, {@code HttpTransport})
     * and {@link QueryEnding#ANSWER_TIMEOUT}.
     */
    public static <T> Mono<QueryStream<T>> start(QueryExchange exchange, QueryRequest request,
                                                 PageMapper<T> mapper, boolean prefetch,
                                                 Consumer<Mono<Void>> settling) {
        requireNonNull(exchange, "exchange must not be null");
        requireNonNull(request, "request must not be null");
        requireNonNull(mapper, "mapper must not be null");
        requireNonNull(settling, "settling must not be null");
        return Mono.defer(() -> {
            String queryId = ClientSession.newQueryId();
            Duration timeout = request.timeout();
            long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
            QueryEnding ending = new QueryEnding(exchange, QueryHandle.byId(queryId));
            PageFetcher fetcher = new PageFetcher(exchange, timeout, deadline);
            Sinks.Empty<Void> settled = Sinks.empty();
            settling.accept(settled.asMono());
            Sinks.One<QueryResponse> answer = Sinks.one();
            exchange.start(request, queryId).subscribe(answer::tryEmitValue, answer::tryEmitError);
            AtomicBoolean responded = new AtomicBoolean();
            // settled before the answer goes on: the caller may end its turn as soon as it has the result
            Mono<QueryResponse> response = answer.asMono()
                    .doOnNext(first -> {
                        responded.set(true);
                        settled.tryEmitEmpty();
                    })
                    .doOnError(error -> settled.tryEmitEmpty())
                    .doOnCancel(() -> {
                        if (responded.get()) {
                            return;
                        }
                        Reason why = fetcher.pastDeadline() ? Reason.TIMED_OUT : Reason.CANCELLED;
                        Mono.when(ending.end(why), answer.asMono().flatMap(ending::endAgain)
                                        .onErrorResume(e -> Mono.empty()))
                                .subscribe(null, e -> settled.tryEmitEmpty(), settled::tryEmitEmpty);
                    });
            if (timeout != null) {
                response = response.timeout(timeout,
                        Mono.error(() -> ExceptionFactory.statementTimeout(queryId, timeout)));
            }
            // detached once it emitted: the caller's subscription would otherwise keep the answer sink, and with it
            // the first page, reachable for as long as the result is read
            return response.flatMap(first -> {
                QueryStream<T> stream = new QueryStream<>(exchange, first, mapper, fetcher, ending, prefetch);
                stream.settle();
                return stream.serverDone && stream.error != null ? Mono.error(stream.error) : Mono.just(stream);
            }).onTerminateDetach();
        });
    }

    public String queryId() {
        return queryId;
    }

    /** The query's {@code stats} as of the last response. */
    public DatabendQueryProgress progress() {
        return progress;
    }

    /** Items received from the server and not yet emitted to the subscriber; a held page is not counted. */
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

    /**
     * Completes once the query has ended on the client's side: its last page is in, or it was cancelled, abandoned,
     * timed out or failed ({@code final} is sent, not awaited; a {@code kill} is awaited, up to a short timeout).
     */
    public Mono<Void> ended() {
        return ending.ended();
    }

    /**
     * Reads on while nobody subscribed, for a result the next statement of its transaction waits for: pages are
     * fetched until the stream holds what it holds for a subscriber (the items of one page and the response after
     * them), so its memory stays bounded. Completes if it holds that much while the query's last page is not in and
     * still nobody subscribed; never once a subscriber came or the query ended ({@link #ended()} tells that).
     */
    public Mono<Void> readAhead() {
        return Mono.defer(() -> {
            readingAhead = true;
            drain();
            return fullWithoutSubscriber.asMono();
        });
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
                held = null;
                buffered = 0;
            } else if (!terminated) {
                takeArrivals();
                Subscriber<? super T> actual = subscriber;
                if (actual != null) {
                    for (;;) {
                        if (!cancelled && buffer.isEmpty() && held != null) {
                            unpack();
                        }
                        if (prefetch && requested.get() > buffer.size() && wantsNextPage()) {
                            // the subscriber wants more than is held: ask before emitting, so that the server
                            // works while the rows are consumed (else after, as a take(n) may not want it)
                            fetchNext();
                        }
                        emit(actual);
                        if (cancelled || !buffer.isEmpty() || held == null) {
                            break;
                        }
                    }
                    if (!cancelled && buffer.isEmpty() && held == null && !fetching
                            && (error != null || serverDone)) {
                        terminated = true;
                        keepAlive.stop();
                        if (error != null) {
                            actual.onError(error);
                        } else {
                            actual.onComplete();
                        }
                    } else if (wantsNextPage()) {
                        fetchNext();
                    }
                } else if (readingAhead) {
                    readOn();
                }
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** {@link #readAhead()}'s step: the held response joins an empty buffer, and the next page is asked for. */
    private void readOn() {
        if (buffer.isEmpty() && held != null) {
            unpack();
            buffered = buffer.size();
        }
        if (fetching || serverDone || error != null || ending.reason() != null) {
            return;
        }
        if (held == null) {
            fetchNext();
        } else {
            fullWithoutSubscriber.tryEmitEmpty();
        }
    }

    /** One request at a time, none while a page is held, and without prefetch only for demand beyond the buffer. */
    private boolean wantsNextPage() {
        return !cancelled && !fetching && held == null && !serverDone && error == null
                && (prefetch || requested.get() > buffer.size());
    }

    private void emit(Subscriber<? super T> actual) {
        long demand = requested.get();
        long emitted = 0;
        while (emitted != demand && !cancelled) {
            T item = buffer.poll();
            if (item == null) {
                break;
            }
            // before onNext: a subscriber may read bufferedRows() from within it
            buffered = buffer.size();
            actual.onNext(item);
            emitted++;
        }
        if (emitted != 0 && demand != Long.MAX_VALUE) {
            requested.addAndGet(-emitted);
        }
        buffered = buffer.size();
    }

    private void takeArrivals() {
        if (!fetching) {
            // late signals of a request that was dropped
            arrived = null;
            fetchError = null;
            return;
        }
        QueryResponse page = arrived;
        if (page != null) {
            arrived = null;
            fetching = false;
            keepAlive.requesting(false);
            receive(page);
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

    /**
     * Takes one response as it arrives: its URIs and whether it ends the query (its error, its state, or the last
     * page), so that the query is ended and the next page requested without waiting for the buffered rows. Its
     * items are added by {@link #unpack()} once the buffer is empty.
     */
    private void receive(QueryResponse page) {
        handle = handle.with(page);
        QueryResponse.QueryError reported = page.error();
        if (reported != null) {
            String id = page.id() == null || page.id().isEmpty() ? queryId : page.id();
            error = ExceptionFactory.server(reported.code(), 200, reported.message(), reported.detail(), id);
            serverDone = true;
            return;
        }
        boolean state = fetcher.pollingState();
        if (state ? PageFetcher.stopped(page) : fetcher.follow(page)) {
            serverDone = true;
        }
        held = page;
        heldState = state;
    }

    /** Adds the items of the held response to the buffer: its rows, then what follows the last one. */
    private void unpack() {
        QueryResponse page = held;
        if (page == null) {
            return;
        }
        held = null;
        try {
            if (!heldState) {
                mapper.onPage(page, toBuffer);
            }
            if (heldState ? PageFetcher.stopped(page) : page.isLastPage()) {
                mapper.onComplete(page, toBuffer);
            }
        } catch (RuntimeException e) {
            error = ExceptionFactory.unexpected(e, queryId);
            stopFetching();
            settle();
        }
    }

    /** Drops the page request in flight, if any: the result fails with the error it has. */
    private void stopFetching() {
        if (fetching) {
            fetching = false;
            keepAlive.requesting(false);
            inflight.dispose();
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
        Disposable request = fetcher.next(handle).subscribe(onPage, onPageFailure);
        inflight = request;
        // a cancel that read the previous request is seen here, so this one is not left running
        if (cancelled) {
            request.dispose();
        }
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
