package com.databend.r2dbc.internal.client;

/**
 * A failure reported by the server: a query error (§9.1) or a non-200 response with an error body (§4.6).
 * {@link #code()} is Databend's error code (or the HTTP status for handler errors).
 */
public final class DatabendServerException extends RuntimeException {

    private final int code;
    private final int httpStatus;
    private final String queryId;
    private final String detail;
    private final String text;

    public DatabendServerException(int code, String message, String detail, String queryId, int httpStatus) {
        super("[" + code + "] " + describe(message, detail, queryId, httpStatus), null, false, true);
        this.text = describe(message, detail, queryId, httpStatus);
        this.code = code;
        this.httpStatus = httpStatus;
        this.queryId = queryId;
        this.detail = detail;
    }

    public int code() {
        return code;
    }

    /** The HTTP status of the response that carried the error (200 for query errors). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The query id, or {@code null} when the error is not about a query. */
    public String queryId() {
        return queryId;
    }

    public String detail() {
        return detail;
    }

    /** The message without the code: the server's text, detail, HTTP status (when not 200) and query id. */
    public String text() {
        return text;
    }

    private static String describe(String message, String detail, String queryId, int httpStatus) {
        StringBuilder text = new StringBuilder();
        text.append(message == null ? "" : message.strip());
        if (detail != null && !detail.isBlank()) {
            text.append(" (").append(detail.strip()).append(')');
        }
        if (httpStatus != 200) {
            text.append(" [HTTP ").append(httpStatus).append(']');
        }
        if (queryId != null && !queryId.isEmpty()) {
            text.append(" [query id ").append(queryId).append(']');
        }
        return text.toString();
    }
}
