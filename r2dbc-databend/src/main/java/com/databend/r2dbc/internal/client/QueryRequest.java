package com.databend.r2dbc.internal.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What to run: one SQL statement, its JSON {@code params} (or {@code null}), page sizing and the statement
 * timeout ({@code null} = none).
 */
public record QueryRequest(String sql, ClientSession.JsonWriter params, int waitTimeSecs, int maxRowsPerPage,
                           Duration timeout) {

    public QueryRequest {
        requireNonNull(sql, "sql must not be null");
    }

    @Override
    public String toString() {
        return "QueryRequest{sql=" + sql + ", params=" + (params != null) + ", waitTimeSecs=" + waitTimeSecs
                + ", maxRowsPerPage=" + maxRowsPerPage + ", timeout=" + timeout + '}';
    }
}
