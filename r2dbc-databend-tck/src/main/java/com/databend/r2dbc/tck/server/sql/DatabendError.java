package com.databend.r2dbc.tck.server.sql;

/**
 * A failure reported the way Databend reports it: an {@code ErrorCode} number, its message and an optional detail.
 * It becomes the {@code error} member of a query response.
 */
public final class DatabendError extends RuntimeException {

    private final int code;

    private final String detail;

    public DatabendError(int code, String message) {
        this(code, message, null);
    }

    public DatabendError(int code, String message, String detail) {
        super(message, null, false, false);
        this.code = code;
        this.detail = detail;
    }

    public int code() {
        return this.code;
    }

    /** Extra context, or {@code null} when there is none (the member is then omitted). */
    public String detail() {
        return this.detail;
    }
}
