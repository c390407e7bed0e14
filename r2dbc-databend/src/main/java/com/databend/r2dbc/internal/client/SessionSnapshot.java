package com.databend.r2dbc.internal.client;

import static java.util.Objects.requireNonNull;

/**
 * A {@code session} object (docs/protocol.md §2.3) as received: its raw JSON text, sent back verbatim with the next
 * query, and the members the driver acts on.
 */
public record SessionSnapshot(String json, String database, String txnState, boolean needSticky,
                              boolean needKeepAlive) {

    public SessionSnapshot {
        requireNonNull(json, "json must not be null");
    }

    public boolean inTransaction() {
        return "Active".equals(txnState) || "Fail".equals(txnState);
    }
}
