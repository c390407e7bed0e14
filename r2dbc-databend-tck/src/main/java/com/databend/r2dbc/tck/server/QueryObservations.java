package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.query.CloseReason;
import com.databend.r2dbc.tck.server.query.QueryJournal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Read-only observations of a running server's queries, for tests of clients (all nodes together). */
public interface QueryObservations {

    /** Queries started and not closed yet (neither finalized, killed nor timed out). */
    long openCount();

    /** Queries started since the server started (retried starts of the same id count once). */
    long startedCount();

    /** How and when the query was closed (finalized, killed or timed out), or empty while it is open or unknown. */
    Optional<QueryJournal.Ending> ending(String queryId);

    /** Page requests (a start's first response included) that are long-polling for rows at this moment. */
    long waitingPollCount();

    /** Heartbeat entries received for the query ({@code POST /v1/session/heartbeat}). */
    long heartbeatCount(String queryId);

    /**
     * The last requests any node received ({@value QueryJournal#REQUESTS_KEPT} at most), oldest first, as
     * {@code "<METHOD> <path>"}: {@code "POST /v1/query"}, {@code "GET /v1/query/<id>/page/1"}. A request is listed
     * when it arrives, before it is answered (or delayed by a fault).
     */
    List<String> recentRequests();

    /** {@link #recentRequests()} with the route hint and warehouse header each request carried. */
    List<QueryJournal.ReceivedRequest> receivedRequests();

    /** Heartbeats naming no query, which only keep a client session alive (docs/protocol.md §4.4). */
    long sessionHeartbeatCount();

    /** {@code POST /v1/session/logout} requests received. */
    long logoutCount();

    /** Client sessions whose temp tables were dropped because no request came for the idle timeout. */
    long expiredClientSessionCount();

    /** When the query was killed ({@code /kill}), or empty when it was not. */
    default Optional<Instant> killedAt(String queryId) {
        return ending(queryId).filter(ending -> ending.reason() == CloseReason.CANCELED)
            .map(QueryJournal.Ending::at);
    }

    default boolean wasKilled(String queryId) {
        return killedAt(queryId).isPresent();
    }
}
