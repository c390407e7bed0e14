package com.databend.r2dbc.internal.client;

import static java.util.Objects.requireNonNull;

/**
 * A {@code session} object (docs/protocol.md §2.3) as received: its raw JSON text, sent back verbatim with the next
 * query, and the members the driver acts on. {@code warehouse} is the {@code warehouse} session setting
 * (docs/protocol.md §6.6), {@code null} when the settings hold none.
 */
public record SessionSnapshot(String json, String database, String txnState, boolean needSticky,
                              boolean needKeepAlive, String warehouse) {

    public SessionSnapshot {
        requireNonNull(json, "json must not be null");
    }

    public SessionSnapshot(String json, String database, String txnState, boolean needSticky,
                           boolean needKeepAlive) {
        this(json, database, txnState, needSticky, needKeepAlive, null);
    }

    public boolean inTransaction() {
        return "Active".equals(txnState) || "Fail".equals(txnState);
    }

    /** Whether the server keeps state of this session between requests that idleness would lose (§6.5). */
    public boolean needsHeartbeat() {
        return needKeepAlive || needSticky;
    }
}
