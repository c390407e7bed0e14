package com.databend.r2dbc.internal.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What to run: one SQL statement, its JSON {@code params} (or {@code null}), page sizing, the statement
 * timeout ({@code null} = none) and its {@code stage_attachment} object (docs/protocol.md §2.4; {@code null} = none).
 */
public record QueryRequest(String sql, ClientSession.JsonWriter params, int waitTimeSecs, int maxRowsPerPage,
                           Duration timeout, ClientSession.JsonWriter stageAttachment) {

    public QueryRequest {
        requireNonNull(sql, "sql must not be null");
    }

    public QueryRequest(String sql, ClientSession.JsonWriter params, int waitTimeSecs, int maxRowsPerPage,
                        Duration timeout) {
        this(sql, params, waitTimeSecs, maxRowsPerPage, timeout, null);
    }

    @Override
    public String toString() {
        return "QueryRequest{sql=" + sql + ", params=" + (params != null) + ", waitTimeSecs=" + waitTimeSecs
                + ", maxRowsPerPage=" + maxRowsPerPage + ", timeout=" + timeout + ", stageAttachment="
                + (stageAttachment != null) + '}';
    }
}
