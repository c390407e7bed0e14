package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.netty.handler.timeout.TimeoutException;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Builds the {@link R2dbcException} of a failure where it is detected: a query's {@code error} member, an HTTP
 * error response, a transport failure, a statement timeout. The class and SQL state come from {@link ErrorCodes};
 * the message carries Databend's code and the query id, never a credential (requests' headers are not quoted).
 */
public final class ExceptionFactory {

    private static final int MAX_BODY_QUOTE = 200;

    private ExceptionFactory() {
    }

    /** An error reported by the server: a query's {@code error} member (status 200) or an error response. */
    public static R2dbcException server(int code, int httpStatus, String message, String detail, String queryId) {
        ErrorCodes.Mapping mapping = ErrorCodes.of(code, httpStatus);
        StringBuilder text = new StringBuilder("[").append(code).append("] ");
        text.append(message == null ? "" : message.strip());
        if (detail != null && !detail.isBlank()) {
            text.append(" (").append(detail.strip()).append(')');
        }
        if (httpStatus != 200) {
            text.append(" [HTTP ").append(httpStatus).append(']');
        }
        return create(mapping, withQueryId(text, queryId), code, null);
    }

    /** A non-200 response: its {@code error} body when it has one, else its status and the start of its text. */
    static R2dbcException response(HttpResult result, String queryId) {
        QueryResponse.QueryError error = ResponseParser.parseErrorBody(result.body());
        if (error != null) {
            return server(error.code(), result.status(), error.message(), error.detail(), queryId);
        }
        String text = new String(result.body(), StandardCharsets.UTF_8).strip();
        if (text.length() > MAX_BODY_QUOTE) {
            text = text.substring(0, MAX_BODY_QUOTE) + "...";
        }
        return server(result.status(), result.status(), "HTTP " + result.status()
                + (text.isEmpty() ? "" : ": " + text), null, queryId);
    }

    /**
     * A presigned request the storage refused: 404 is a file that does not exist; a gateway status is transient.
     * The message names the stage location, never the signed URL.
     *
     * @param action {@code "upload to"} or {@code "download of"}
     */
    static R2dbcException presigned(int status, String body, String action, String location) {
        String text = body.strip();
        if (text.length() > MAX_BODY_QUOTE) {
            text = text.substring(0, MAX_BODY_QUOTE) + "...";
        }
        String message = (status == 404 ? "Stage file " + location + " does not exist"
                : "The " + action + " stage file " + location + " failed")
                + " (presigned URL answered HTTP " + status + (text.isEmpty() ? "" : ": " + text) + ")";
        return ErrorCodes.isGatewayStatus(status) ? new R2dbcTransientResourceException(message, "08001", status)
                : new R2dbcNonTransientResourceException(message, "HY000", status);
    }

    /** A streaming load's non-200 answer: like {@link #response}, with the Databend code its message carries. */
    static R2dbcException loadResponse(HttpResult result, String queryId) {
        QueryResponse.QueryError error = ResponseParser.parseErrorBody(result.body());
        if (error == null) {
            return response(result, queryId);
        }
        return server(ErrorCodes.loadErrorCode(error.code(), error.message()), result.status(), error.message(),
                error.detail(), queryId);
    }

    /** A body that is not the JSON the protocol promises. */
    static R2dbcException unreadable(IOException error, String queryId) {
        return new R2dbcNonTransientResourceException(withQueryId(new StringBuilder("Unreadable response: ")
                .append(error.getMessage()), queryId), "HY000", 0, error);
    }

    /** The statement timeout passed; the query is being killed. */
    public static R2dbcTimeoutException statementTimeout(String queryId, Duration timeout) {
        return new R2dbcTimeoutException(withQueryId(new StringBuilder("Statement timed out after ")
                .append(timeout.toMillis()).append(" ms"), queryId), "HYT00", 0);
    }

    /**
     * Inside a transaction, the next statement of one {@code execute()} cannot be sent: the result of query
     * {@code queryId} before it was not read and is too long to be read ahead (docs/protocol.md §4.5).
     */
    public static R2dbcNonTransientResourceException unreadResult(String queryId) {
        return new R2dbcNonTransientResourceException(withQueryId(new StringBuilder("Inside a transaction, each ")
                .append("statement of one execute() is sent once the result before it was read to its end; that ")
                .append("result was not read and is longer than the two pages a result holds. Read each result as ")
                .append("it is emitted (concatMap), or execute the statements one at a time"), queryId), "25000", 0);
    }

    /**
     * A request to {@code endpoint} (host:port) failed without an HTTP response. A server that answers a TLS
     * client in plain HTTP is named as such instead of quoting its reply.
     */
    static Throwable transport(Throwable error, String endpoint, String queryId) {
        if (error instanceof R2dbcException r2dbc) {
            return r2dbc;
        }
        if (ErrorCodes.speaksNoTls(error)) {
            // a configuration error: no retry or later attempt can succeed
            return new R2dbcNonTransientResourceException(withQueryId(new StringBuilder("The server at ")
                    .append(endpoint).append(" does not speak TLS: connect without ssl (r2dbc:databend://)"
                            + " or to its TLS port"), queryId), "08001", 0);
        }
        if (ErrorCodes.causedBy(error, SSLHandshakeException.class)) {
            // the certificate or the protocol versions do not match: retrying cannot help
            return new R2dbcNonTransientResourceException(withQueryId(new StringBuilder("TLS handshake with Databend at ")
                    .append(endpoint).append(" failed: ").append(error.getMessage()), queryId), "08001", 0, error);
        }
        if (error instanceof TimeoutException) {
            return new R2dbcTimeoutException(withQueryId(new StringBuilder("No response from Databend at ")
                    .append(endpoint).append(" in time"), queryId), "HYT00", 0, error);
        }
        if (error instanceof ConnectException) {
            return new R2dbcTransientResourceException(withQueryId(new StringBuilder("Cannot connect to Databend at ")
                    .append(endpoint).append(": ").append(error.getMessage()), queryId), "08001", 0, error);
        }
        if (error instanceof IOException) {
            return new R2dbcTransientResourceException(withQueryId(new StringBuilder("I/O error talking to Databend at ")
                    .append(endpoint).append(": ").append(error.getMessage()), queryId), "08006", 0, error);
        }
        return unexpected(error, queryId);
    }

    /**
     * A failure that is none of the above (e.g. a bug). R2DBC exceptions and the JDK's argument and state
     * exceptions pass through unchanged; anything else becomes a non-transient resource exception.
     */
    public static Throwable unexpected(Throwable error, String queryId) {
        if (error instanceof R2dbcException || error instanceof IllegalArgumentException
                || error instanceof IllegalStateException || error instanceof UnsupportedOperationException
                || error instanceof IndexOutOfBoundsException || error instanceof java.util.NoSuchElementException) {
            return error;
        }
        return new R2dbcNonTransientResourceException(withQueryId(new StringBuilder(String.valueOf(
                error.getMessage())), queryId), "HY000", 0, error);
    }

    private static R2dbcException create(ErrorCodes.Mapping mapping, String message, int code, Throwable cause) {
        String state = mapping.sqlState();
        return switch (mapping.kind()) {
            case BAD_GRAMMAR -> new R2dbcBadGrammarException(message, state, code, cause);
            case PERMISSION_DENIED -> new R2dbcPermissionDeniedException(message, state, code, cause);
            case ROLLBACK -> new R2dbcRollbackException(message, state, code, cause);
            case TIMEOUT -> new R2dbcTimeoutException(message, state, code, cause);
            case DATA_INTEGRITY -> new R2dbcDataIntegrityViolationException(message, state, code, cause);
            case TRANSIENT -> new R2dbcTransientResourceException(message, state, code, cause);
            case NON_TRANSIENT -> new R2dbcNonTransientResourceException(message, state, code, cause);
        };
    }

    /**
     * {@code error}, raised before a request of {@code queryId} was sent (its credentials could not be obtained),
     * with the query named as the server's errors name it; of the same class, the original as its cause.
     */
    static R2dbcException beforeRequest(R2dbcException error, String queryId) {
        String message = String.valueOf(error.getMessage());
        if (queryId == null || queryId.isEmpty() || message.contains(" [query id ")) {
            return error;
        }
        String text = withQueryId(new StringBuilder(message), queryId);
        if (error instanceof R2dbcPermissionDeniedException) {
            return new R2dbcPermissionDeniedException(text, error.getSqlState(), error.getErrorCode(), error);
        }
        if (error instanceof R2dbcNonTransientResourceException) {
            return new R2dbcNonTransientResourceException(text, error.getSqlState(), error.getErrorCode(), error);
        }
        if (error instanceof R2dbcTransientResourceException) {
            return new R2dbcTransientResourceException(text, error.getSqlState(), error.getErrorCode(), error);
        }
        return error;
    }

    private static String withQueryId(StringBuilder text, String queryId) {
        if (queryId != null && !queryId.isEmpty()) {
            text.append(" [query id ").append(queryId).append(']');
        }
        return text.toString();
    }
}
