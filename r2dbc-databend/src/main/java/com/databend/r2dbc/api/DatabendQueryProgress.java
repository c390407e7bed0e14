package com.databend.r2dbc.api;

/**
 * A query's progress as of the last response received ({@code stats}, docs/protocol.md §3.1): rows and bytes scanned,
 * written and returned, the planned total scan, and the server's running time.
 */
public record DatabendQueryProgress(long scanRows, long scanBytes, long writeRows, long writeBytes,
                                    long resultRows, long resultBytes, long totalScanRows, long totalScanBytes,
                                    long runningTimeMillis) {

    /** No progress reported yet. */
    public static final DatabendQueryProgress NONE = new DatabendQueryProgress(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
