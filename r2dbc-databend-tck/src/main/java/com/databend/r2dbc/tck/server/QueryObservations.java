package com.databend.r2dbc.tck.server;

import java.time.Instant;
import java.util.Optional;

/** Read-only observations of a running server's queries, for tests of clients (all nodes together). */
public interface QueryObservations {

    /** Queries started and not closed yet (neither finalized, killed nor timed out). */
    long openCount();

    /** Queries started since the server started (retried starts of the same id count once). */
    long startedCount();

    /** When the query was killed ({@code /kill}), or empty when it was not. */
    Optional<Instant> killedAt(String queryId);

    default boolean wasKilled(String queryId) {
        return killedAt(queryId).isPresent();
    }
}
