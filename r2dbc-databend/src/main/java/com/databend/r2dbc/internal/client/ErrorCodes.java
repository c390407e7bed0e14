package com.databend.r2dbc.internal.client;

import io.netty.handler.timeout.TimeoutException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one table from Databend's error codes (docs/protocol.md §9.2) and HTTP statuses to the kind of R2DBC exception
 * and its SQL state, and the one place that says which failures a request may be sent again for.
 * {@link ExceptionFactory} builds exceptions from it; {@link HttpTransport} asks it what to retry.
 */
public final class ErrorCodes {

    /** Which {@code R2dbcException} subclass a failure becomes. */
    public enum Kind {
        BAD_GRAMMAR, PERMISSION_DENIED, ROLLBACK, TIMEOUT, DATA_INTEGRITY, TRANSIENT, NON_TRANSIENT
    }

    /** A row of the table. */
    public record Mapping(Kind kind, String sqlState) {
    }

    static final Mapping UNKNOWN = new Mapping(Kind.NON_TRANSIENT, "HY000");

    /** Statuses that say who answered, whatever the code in the body. */
    private static final Map<Integer, Mapping> STATUSES = Map.of(
            // authentication failed (5100-5104, 2201 come with it)
            401, new Mapping(Kind.PERMISSION_DENIED, "28000"),
            // a proxy or gateway in front of Databend answered: the server never saw the request, send it again
            502, new Mapping(Kind.TRANSIENT, "08001"),
            503, new Mapping(Kind.TRANSIENT, "08001"),
            504, new Mapping(Kind.TRANSIENT, "08001"));

    private static final Map<Integer, Mapping> CODES = Map.ofEntries(
            // UnknownDatabase
            Map.entry(1003, new Mapping(Kind.BAD_GRAMMAR, "3F000")),
            // SyntaxException
            Map.entry(1005, new Mapping(Kind.BAD_GRAMMAR, "42000")),
            // BadArguments: a bad value or parameter, not the statement's shape
            Map.entry(1006, new Mapping(Kind.NON_TRANSIENT, "22023")),
            // UnknownFunction
            Map.entry(1008, new Mapping(Kind.BAD_GRAMMAR, "42883")),
            // UnknownTable
            Map.entry(1025, new Mapping(Kind.BAD_GRAMMAR, "42S02")),
            // AbortedQuery: killed or timed out on the server ("canceled by client", "timed out after n secs")
            Map.entry(1043, new Mapping(Kind.TIMEOUT, "57014")),
            // BadBytes: data that does not fit its column (loads, casts)
            Map.entry(1046, new Mapping(Kind.DATA_INTEGRITY, "22000")),
            // Overflow: a numeric value out of its type's range
            Map.entry(1049, new Mapping(Kind.DATA_INTEGRITY, "22003")),
            // UnknownColumn
            Map.entry(1058, new Mapping(Kind.BAD_GRAMMAR, "42S22")),
            // PermissionDenied: a missing privilege
            Map.entry(1063, new Mapping(Kind.PERMISSION_DENIED, "42501")),
            // SemanticError: e.g. a column that does not exist in the query's scope
            Map.entry(1065, new Mapping(Kind.BAD_GRAMMAR, "42000")),
            // UnknownUser (401 at authentication)
            Map.entry(2201, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // DatabaseAlreadyExists
            Map.entry(2301, new Mapping(Kind.BAD_GRAMMAR, "42P04")),
            // TableAlreadyExists
            Map.entry(2302, new Mapping(Kind.BAD_GRAMMAR, "42S01")),
            // UnknownVariable: a SET of a setting that does not exist
            Map.entry(2801, new Mapping(Kind.BAD_GRAMMAR, "HY000")),
            // UnresolvableConflict: a concurrent transaction won; run the transaction again
            Map.entry(4001, new Mapping(Kind.ROLLBACK, "40001")),
            // CurrentTransactionIsAborted: statements are ignored until COMMIT/ROLLBACK
            Map.entry(4002, new Mapping(Kind.ROLLBACK, "25P02")),
            // TransactionTimeout: the transaction's node forgot it
            Map.entry(4003, new Mapping(Kind.ROLLBACK, "08003")),
            // AuthenticateFailure: wrong password, bad token
            Map.entry(5100, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // SessionTokenExpired
            Map.entry(5101, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // RefreshTokenExpired
            Map.entry(5102, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // SessionTokenNotFound
            Map.entry(5103, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // RefreshTokenNotFound
            Map.entry(5104, new Mapping(Kind.PERMISSION_DENIED, "28000")),
            // SessionTimeout: the session's temporary tables expired
            Map.entry(5110, new Mapping(Kind.NON_TRANSIENT, "08003")),
            // SessionLost: the server restarted or the request reached another node
            Map.entry(5111, new Mapping(Kind.NON_TRANSIENT, "08003")),
            // InvalidSessionState: the session object misses what its state needs
            Map.entry(5112, new Mapping(Kind.NON_TRANSIENT, "08003")));

    /** How Databend writes an error it turned into text: {@code <Name>. Code: <n>, Text = <message>.} */
    private static final Pattern CODE_IN_TEXT = Pattern.compile("\\bCode: (\\d{1,5}), Text = ");

    /** Databend reports every row of a file it cannot read as BadBytes at the row's line. */
    private static final Pattern FILE_LINE = Pattern.compile("\\bat file '[^']*', line \\d+");

    private static final int BAD_BYTES = 1046;

    private ErrorCodes() {
    }

    /**
     * The Databend code of a streaming load's error answer, whose {@code code} is its HTTP status
     * (docs/protocol.md §8.4): the code its message names, BadBytes (1046) for a message naming a file's line, else
     * {@code code} itself.
     */
    static int loadErrorCode(int code, String message) {
        if (message == null) {
            return code;
        }
        Matcher named = CODE_IN_TEXT.matcher(message);
        if (named.find()) {
            return Integer.parseInt(named.group(1));
        }
        return FILE_LINE.matcher(message).find() ? BAD_BYTES : code;
    }

    /** The mapping of a server error: the status when it decides (401, 502-504), else the code. */
    public static Mapping of(int code, int httpStatus) {
        Mapping byStatus = STATUSES.get(httpStatus);
        return byStatus != null ? byStatus : CODES.getOrDefault(code, UNKNOWN);
    }

    /** A 502, 503 or 504: a gateway answered instead of Databend, so the request may be sent again. */
    static boolean isGatewayStatus(int status) {
        Mapping mapping = STATUSES.get(status);
        return mapping != null && mapping.kind() == Kind.TRANSIENT;
    }

    /**
     * Whether a request that failed with {@code error} may be sent again: a connection refused, reset or cut
     * off, and, for a read ({@code idempotent}, a page GET), no answer in time. A TLS failure is never retried.
     */
    static boolean isRetryable(Throwable error, boolean idempotent) {
        if (error instanceof RetryableStatusException) {
            return true;
        }
        if (speaksNoTls(error) || causedBy(error, SSLException.class)) {
            return false;
        }
        if (error instanceof TimeoutException) {
            return idempotent;
        }
        return error instanceof IOException;
    }

    /** Whether a TLS client got a reply that is no TLS record: the server speaks plain HTTP on that port. */
    static boolean speaksNoTls(Throwable error) {
        return causedBy(error, io.netty.handler.ssl.NotSslRecordException.class);
    }

    static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }
}
