package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.DatabendServerException;
import com.databend.r2dbc.internal.client.QueryTimeoutException;
import io.netty.handler.timeout.TimeoutException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Turns every failure of the transport or the server into an {@link R2dbcException} subclass carrying
 * Databend's error code as vendor code, a SQL state, and the query id in the message (protocol §9).
 */
final class ExceptionFactory {

    private ExceptionFactory() {
    }

    static Throwable translate(Throwable error) {
        if (error instanceof R2dbcException || error instanceof IllegalArgumentException
                || error instanceof IllegalStateException || error instanceof UnsupportedOperationException
                || error instanceof IndexOutOfBoundsException || error instanceof java.util.NoSuchElementException) {
            return error;
        }
        if (error instanceof DatabendServerException server) {
            return fromServer(server);
        }
        if (error instanceof QueryTimeoutException timeout) {
            return new R2dbcTimeoutException(timeout.getMessage(), "HYT00", 0, timeout);
        }
        if (error instanceof java.util.concurrent.TimeoutException || error instanceof TimeoutException) {
            return new R2dbcTimeoutException("Request timed out: " + error.getMessage(), "HYT00", 0, error);
        }
        if (error instanceof ConnectException) {
            return new R2dbcTransientResourceException("Cannot connect to Databend: " + error.getMessage(),
                    "08001", 0, error);
        }
        if (error instanceof IOException) {
            return new R2dbcTransientResourceException("I/O error talking to Databend: " + error.getMessage(),
                    "08006", 0, error);
        }
        return new R2dbcNonTransientResourceException(String.valueOf(error.getMessage()), "HY000", 0, error);
    }

    static R2dbcException fromServer(DatabendServerException error) {
        int code = error.code();
        String message = error.text();
        String state = sqlState(code, error.httpStatus());
        if (error.httpStatus() == 401 || (code >= 5100 && code <= 5104) || code == 2201 || code == 1063) {
            return new R2dbcPermissionDeniedException(message, state, code, error);
        }
        if (error.httpStatus() == 502 || error.httpStatus() == 503 || error.httpStatus() == 504) {
            return new R2dbcTransientResourceException(message, state, code, error);
        }
        switch (code) {
            case 1005, 1065, 1025, 1003, 1058, 1008, 2301, 2302, 2801:
                return new R2dbcBadGrammarException(message, state, code, error);
            case 4001, 4002, 4003:
                return new R2dbcRollbackException(message, state, code, error);
            case 1043:
                return new R2dbcTimeoutException(message, state, code, error);
            case 1046, 1049:
                return new R2dbcDataIntegrityViolationException(message, state, code, error);
            default:
                return new R2dbcNonTransientResourceException(message, state, code, error);
        }
    }

    /** A SQL state for a Databend code, by the idea of protocol §9.1. */
    static String sqlState(int code, int httpStatus) {
        if (httpStatus == 401 || (code >= 5100 && code <= 5104) || code == 2201) {
            return "28000";
        }
        if (httpStatus == 502 || httpStatus == 503 || httpStatus == 504) {
            return "08001";
        }
        return switch (code) {
            case 1025 -> "42S02";
            case 1003 -> "3F000";
            case 1058 -> "42S22";
            case 1005, 1065 -> "42000";
            case 1008 -> "42883";
            case 2301 -> "42P04";
            case 2302 -> "42S01";
            case 1006 -> "22023";
            case 1063 -> "42501";
            case 4001 -> "40001";
            case 4002 -> "25P02";
            case 4003, 5110, 5111, 5112 -> "08003";
            case 1043 -> "57014";
            case 1046 -> "22000";
            default -> "HY000";
        };
    }
}
