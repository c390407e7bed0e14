package com.databend.r2dbc.tck.server.query;

/** {@code stats} (docs/protocol.md §3.1): progress counters, spill always zero. */
public record QueryStats(long scanRows, long scanBytes, long writeRows, long writeBytes, long resultRows,
                         long resultBytes, long runningTimeMs) {

    public static QueryStats zero() {
        return new QueryStats(0, 0, 0, 0, 0, 0, 0);
    }
}
