package com.databend.r2dbc.internal.client;

import java.time.Duration;

/** The statement did not finish within its statement timeout; the query was killed. */
public final class QueryTimeoutException extends RuntimeException {

    private final String queryId;

    public QueryTimeoutException(String queryId, Duration timeout) {
        super("Statement timed out after " + timeout.toMillis() + " ms [query id " + queryId + "]");
        this.queryId = queryId;
    }

    public String queryId() {
        return queryId;
    }
}
