package com.databend.r2dbc.tck.server.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The queries of one node, open ones and tombstones (docs/protocol.md §4.3). */
final class QueryRegistry {

    private final String nodeId;

    private final Map<String, HttpQuery> queries = new ConcurrentHashMap<>();

    QueryRegistry(String nodeId) {
        this.nodeId = nodeId;
    }

    /** Registers {@code query} unless its id is taken; answers the query that holds the id. */
    HttpQuery register(HttpQuery query) {
        HttpQuery existing = this.queries.putIfAbsent(query.id(), query);
        return existing == null ? query : existing;
    }

    HttpQuery find(String id) {
        return id == null ? null : this.queries.get(id);
    }

    /** @throws ProtocolError 404 when the id is unknown or its tombstone expired */
    HttpQuery get(String id) {
        HttpQuery query = this.queries.get(id);
        if (query == null) {
            throw new ProtocolError(404, "Query ID " + id + " not found on node " + this.nodeId);
        }
        return query;
    }

    /** Closes idle queries (timed out) and forgets expired tombstones. */
    void sweep(long nowMillis) {
        for (HttpQuery query : this.queries.values()) {
            if (query.idleTooLong(nowMillis)) {
                query.close(CloseReason.TIMED_OUT);
            }
        }
        this.queries.values().removeIf(query -> query.tombstoneExpired(nowMillis));
    }

    List<String> heartbeat(List<String> ids) {
        List<String> remove = new ArrayList<>();
        for (String id : ids) {
            HttpQuery query = this.queries.get(id);
            if (query == null || query.heartbeat()) {
                remove.add(id);
            }
        }
        return remove;
    }

    void closeAll() {
        this.queries.values().forEach(query -> query.close(CloseReason.CANCELED));
    }
}
