package com.databend.r2dbc.tck.server.query;

import java.util.ArrayList;
import java.util.List;
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

    /** Forgets the transactions idle for longer than {@code idleMillis} and answers them, to be rolled back. */
    List<Transaction> expire(long nowMillis, long idleMillis) {
        List<Transaction> expired = new ArrayList<>();
        this.byLastQueryId.entrySet().removeIf(entry -> {
            if (nowMillis - entry.getValue().lastUsedMillis() > idleMillis) {
                expired.add(entry.getValue());
                return true;
            }
            return false;
        });
        return expired;
    }

    void closeAll() {
        this.byLastQueryId.values().forEach(Transaction::abandon);
        this.byLastQueryId.clear();
    }
}
