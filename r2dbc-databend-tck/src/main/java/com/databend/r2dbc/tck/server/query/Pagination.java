package com.databend.r2dbc.tck.server.query;

/**
 * The request's {@code pagination} (docs/protocol.md §2.2), each member defaulted on its own.
 */
public record Pagination(long waitTimeSecs, long maxRowsInBuffer, long maxRowsPerPage) {

    public static final long DEFAULT_WAIT_TIME_SECS = 10;

    public static final long DEFAULT_MAX_ROWS_IN_BUFFER = 5_000_000;

    public static final long DEFAULT_MAX_ROWS_PER_PAGE = 10_000;

    public static Pagination defaults() {
        return new Pagination(DEFAULT_WAIT_TIME_SECS, DEFAULT_MAX_ROWS_IN_BUFFER, DEFAULT_MAX_ROWS_PER_PAGE);
    }

    /** Rows per page, at least one. */
    int pageRows() {
        return (int) Math.max(1, Math.min(this.maxRowsPerPage, Integer.MAX_VALUE / 4));
    }

    /**
     * Rows the producer may buffer: what the client allows, but never more than two pages (results of millions of
     * rows stream through a bounded buffer) and at least one row more than a page, so that a full page can tell
     * whether more rows follow.
     */
    int bufferRows() {
        long page = pageRows();
        long allowed = Math.min(2 * page, Math.max(this.maxRowsInBuffer, page));
        return (int) Math.max(page + 1, allowed);
    }
}
