package com.databend.r2dbc.tck.server.query;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tests may observe about the queries of every node: how many were started and are open, how and when each
 * one ended, how many page requests are long-polling right now, which queries received heartbeats, the heartbeats
 * and logouts of client sessions, and the last requests received with the routing headers they carried.
 */
public final class QueryJournal {

    /** How many of the last requests are kept: a server that runs for long keeps a bounded log. */
    public static final int REQUESTS_KEPT = 1000;

    private final AtomicLong started = new AtomicLong();

    private final AtomicLong open = new AtomicLong();

    private final AtomicLong waitingPolls = new AtomicLong();

    private final Map<String, Ending> endings = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> heartbeats = new ConcurrentHashMap<>();

    private final AtomicLong sessionHeartbeats = new AtomicLong();

    private final AtomicLong logouts = new AtomicLong();

    private final ArrayDeque<ReceivedRequest> requests = new ArrayDeque<>();

    /** How a query was closed, and when. */
    public record Ending(CloseReason reason, Instant at) {
    }

    /**
     * A request as it arrived: method, path, and its {@code X-DATABEND-ROUTE-HINT} and {@code X-DATABEND-WAREHOUSE}
     * headers ({@code null} when absent).
     */
    public record ReceivedRequest(String method, String path, String routeHint, String warehouse) {

        @Override
        public String toString() {
            return this.method + " " + this.path;
        }
    }

    void started() {
        this.started.incrementAndGet();
        this.open.incrementAndGet();
    }

    void closed(String id, CloseReason reason) {
        this.open.decrementAndGet();
        this.endings.putIfAbsent(id, new Ending(reason, Instant.now()));
    }

    void pollWaiting() {
        this.waitingPolls.incrementAndGet();
    }

    void pollAnswered() {
        this.waitingPolls.decrementAndGet();
    }

    void heartbeatReceived(String id) {
        this.heartbeats.computeIfAbsent(id, key -> new AtomicLong()).incrementAndGet();
    }

    /** A heartbeat naming no query arrived: it only keeps a client session alive (docs/protocol.md §4.4). */
    public void sessionHeartbeatReceived() {
        this.sessionHeartbeats.incrementAndGet();
    }

    public void logoutReceived() {
        this.logouts.incrementAndGet();
    }

    /** A request reached a node (before any fault is injected into it). */
    public void requestReceived(ReceivedRequest request) {
        synchronized (this.requests) {
            if (this.requests.size() == REQUESTS_KEPT) {
                this.requests.removeFirst();
            }
            this.requests.addLast(request);
        }
    }

    public long startedCount() {
        return this.started.get();
    }

    public long openCount() {
        return this.open.get();
    }

    /** Page requests (a start's first response included) long-polling for rows at this moment. */
    public long waitingPollCount() {
        return this.waitingPolls.get();
    }

    /** How the query ended, or empty while it is open (or was never started). */
    public Optional<Ending> ending(String queryId) {
        return Optional.ofNullable(this.endings.get(queryId));
    }

    /** The last {@link #REQUESTS_KEPT} requests received by any node, oldest first: {@code "GET /v1/query/..."}. */
    public List<String> recentRequests() {
        return receivedRequests().stream().map(ReceivedRequest::toString).toList();
    }

    /** The last {@link #REQUESTS_KEPT} requests received by any node, oldest first, with their routing headers. */
    public List<ReceivedRequest> receivedRequests() {
        synchronized (this.requests) {
            return List.copyOf(this.requests);
        }
    }

    /** Heartbeats that named no query. */
    public long sessionHeartbeatCount() {
        return this.sessionHeartbeats.get();
    }

    /** {@code POST /v1/session/logout} requests. */
    public long logoutCount() {
        return this.logouts.get();
    }

    /** Heartbeat entries received for the query. */
    public long heartbeatCount(String queryId) {
        AtomicLong count = this.heartbeats.get(queryId);
        return count == null ? 0 : count.get();
    }
}
