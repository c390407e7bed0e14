package com.databend.r2dbc.tck.server.query;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open transactions of one node, keyed by the id of their latest statement (re-keyed at each statement), so
 * that a statement whose {@code internal.last_query_ids[0]} names it continues it.
 */
final class Transactions {

    private final Map<String, Transaction> byLastQueryId = new ConcurrentHashMap<>();

    void put(String queryId, Transaction transaction) {
        transaction.touch();
        this.byLastQueryId.put(queryId, transaction);
    }

    /** Removes and answers the transaction whose latest statement was {@code queryId}, or {@code null}. */
    Transaction take(String queryId) {
        return queryId == null ? null : this.byLastQueryId.remove(queryId);
    }

    /** Rolls back transactions idle for longer than {@code idleMillis}. */
    void expire(long nowMillis, long idleMillis) {
        this.byLastQueryId.entrySet().removeIf(entry -> {
            if (nowMillis - entry.getValue().lastUsedMillis() > idleMillis) {
                entry.getValue().abandon();
                return true;
            }
            return false;
        });
    }

    void closeAll() {
        this.byLastQueryId.values().forEach(Transaction::abandon);
        this.byLastQueryId.clear();
    }
}
