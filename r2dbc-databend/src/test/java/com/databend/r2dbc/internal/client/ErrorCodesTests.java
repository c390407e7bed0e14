package com.databend.r2dbc.internal.client;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The code table by family, the retry decision that shares it, and transport errors' messages. */
class ErrorCodesTests {

    @ParameterizedTest(name = "{0} ({1}) -> {2} {3}")
    @CsvSource({
            // objects that do not exist or already exist, and statements that do not parse or bind
            "1003, 200, BAD_GRAMMAR, 3F000", "1005, 200, BAD_GRAMMAR, 42000", "1008, 200, BAD_GRAMMAR, 42883",
            "1025, 200, BAD_GRAMMAR, 42S02", "1058, 200, BAD_GRAMMAR, 42S22", "1065, 200, BAD_GRAMMAR, 42000",
            "2301, 200, BAD_GRAMMAR, 42P04", "2302, 200, BAD_GRAMMAR, 42S01", "2801, 200, BAD_GRAMMAR, HY000",
            // authentication and privileges
            "5100, 401, PERMISSION_DENIED, 28000", "5101, 401, PERMISSION_DENIED, 28000",
            "5104, 401, PERMISSION_DENIED, 28000", "2201, 401, PERMISSION_DENIED, 28000",
            "1063, 200, PERMISSION_DENIED, 42501", "5100, 200, PERMISSION_DENIED, 28000",
            // transactions
            "4001, 200, ROLLBACK, 40001", "4002, 200, ROLLBACK, 25P02", "4003, 200, ROLLBACK, 08003",
            // data
            "1046, 200, DATA_INTEGRITY, 22000", "1049, 200, DATA_INTEGRITY, 22003",
            "1006, 200, NON_TRANSIENT, 22023",
            // the server aborted the query
            "1043, 200, TIMEOUT, 57014",
            // sessions the server lost
            "5110, 200, NON_TRANSIENT, 08003", "5111, 200, NON_TRANSIENT, 08003", "5112, 200, NON_TRANSIENT, 08003",
            // gateways, whatever the body says
            "502, 502, TRANSIENT, 08001", "503, 503, TRANSIENT, 08001", "1001, 504, TRANSIENT, 08001",
            // anything else
            "1001, 200, NON_TRANSIENT, HY000", "404, 404, NON_TRANSIENT, HY000", "1001, 500, NON_TRANSIENT, HY000"})
    void mapsEveryFamily(int code, int status, ErrorCodes.Kind kind, String sqlState) {
        assertThat(ErrorCodes.of(code, status)).isEqualTo(new ErrorCodes.Mapping(kind, sqlState));
    }

    @ParameterizedTest
    @ValueSource(ints = {502, 503, 504})
    void gatewayStatusesAreSentAgain(int status) {
        assertThat(ErrorCodes.isGatewayStatus(status)).isTrue();
        HttpResult result = new HttpResult(status, List.of(), null, new byte[0]);
        assertThat(ErrorCodes.isRetryable(new RetryableStatusException(result), false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 400, 401, 404, 500})
    void otherStatusesAreNotSentAgain(int status) {
        assertThat(ErrorCodes.isGatewayStatus(status)).isFalse();
    }

    @Test
    void connectErrorsAndResetsAreRetriedForEveryRequest() {
        assertThat(ErrorCodes.isRetryable(new ConnectException("refused"), false)).isTrue();
        assertThat(ErrorCodes.isRetryable(new IOException("Connection reset by peer"), false)).isTrue();
    }

    @Test
    void noAnswerInTimeIsRetriedOnlyForReads() {
        assertThat(ErrorCodes.isRetryable(ReadTimeoutException.INSTANCE, true)).isTrue();
        assertThat(ErrorCodes.isRetryable(ReadTimeoutException.INSTANCE, false)).isFalse();
    }

    @Test
    void tlsFailuresAreNeverRetried() {
        assertThat(ErrorCodes.isRetryable(new DecoderException(new NotSslRecordException("not an SSL/TLS record")),
                true)).isFalse();
        assertThat(ErrorCodes.isRetryable(new SSLHandshakeException("PKIX path building failed"), true)).isFalse();
        assertThat(ErrorCodes.isRetryable(new IllegalStateException("bug"), true)).isFalse();
    }

    @Test
    void transportErrorsNameTheEndpointAndTheQueryId() {
        R2dbcException hung = (R2dbcException) ExceptionFactory.transport(ReadTimeoutException.INSTANCE,
                "db.example:8000", "q42");
        assertThat(hung).isInstanceOf(io.r2dbc.spi.R2dbcTimeoutException.class)
                .hasMessage("No response from Databend at db.example:8000 in time [query id q42]");
        assertThat(hung.getSqlState()).isEqualTo("HYT00");
        R2dbcException reset = (R2dbcException) ExceptionFactory.transport(
                new IOException("recvAddress(..) failed: Connection reset by peer"), "db.example:8000", "q42");
        assertThat(reset).isInstanceOf(io.r2dbc.spi.R2dbcTransientResourceException.class)
                .hasMessage("I/O error talking to Databend at db.example:8000: recvAddress(..) failed: "
                        + "Connection reset by peer [query id q42]");
        assertThat(reset.getSqlState()).isEqualTo("08006");
        R2dbcException refused = (R2dbcException) ExceptionFactory.transport(new ConnectException("refused"),
                "db.example:8000", null);
        assertThat(refused).hasMessage("Cannot connect to Databend at db.example:8000: refused");
        assertThat(refused.getSqlState()).isEqualTo("08001");
    }

    @Test
    void plainHttpReplyToTlsNamesTheEndpointWithoutQuotingTheReply() {
        Throwable error = ExceptionFactory.transport(new DecoderException(
                new NotSslRecordException("not an SSL/TLS record: 485454502f312e31")), "db.example:8000", "q1");
        assertThat(error).isInstanceOf(io.r2dbc.spi.R2dbcNonTransientResourceException.class)
                .hasMessage("The server at db.example:8000 does not speak TLS: connect without ssl"
                        + " (r2dbc:databend://) or to its TLS port [query id q1]")
                .hasNoCause();
        assertThat(error.getMessage()).doesNotContain("485454");
    }

    @Test
    void errorResponsesKeepCodeAndQueryIdAndQuoteNoMoreThanTheirStart() {
        HttpResult json = new HttpResult(500, List.of(), null,
                "{\"error\":{\"code\":1001,\"message\":\"internal\"}}".getBytes(StandardCharsets.UTF_8));
        assertThat(ExceptionFactory.response(json, "q7"))
                .hasMessage("[1001] internal [HTTP 500] [query id q7]");
        HttpResult text = new HttpResult(503, List.of(), null, "x".repeat(500).getBytes(StandardCharsets.UTF_8));
        R2dbcException gateway = ExceptionFactory.response(text, "q7");
        assertThat(gateway).isInstanceOf(io.r2dbc.spi.R2dbcTransientResourceException.class)
                .hasMessage("[503] HTTP 503: " + "x".repeat(200) + "... [HTTP 503] [query id q7]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // a row Databend could not read: BadBytes with the file's line, whatever the format
            "Query execution failed: Invalid value 'x' for column 0 (a Int32 NULL): invalid text\\nat file "
                    + "'rows.csv', line 7 | 1046",
            "Query execution failed: Number of columns in file (1) does not match that of the corresponding table (2)"
                    + "\\nat file 'data', line 3 | 1046",
            // an error of planning, written out with its code
            "Unimplemented. Code: 1002, Text = Replace with streaming load not supported yet. | 1002",
            "SemanticError. Code: 1065, Text = error: column c doesn't exist. | 1065",
            // nothing to go by
            "Query execution failed: file q2.parquet missing column `c2` | 400",
            "Missing required header X-DATABEND-SQL in request | 400"})
    void aLoadErrorAnswersWithTheCodeItsMessageCarries(String message, int code) {
        assertThat(ErrorCodes.loadErrorCode(400, message.replace("\\n", "\n"))).isEqualTo(code);
    }

    @Test
    void aLoadsBadRowIsADataIntegrityViolationWithBadBytesAndTheQueryId() {
        HttpResult answer = new HttpResult(400, List.of(), null, ("{\"error\":{\"code\":400,\"message\":\"Query "
                + "execution failed: Invalid value 'x' for column 0 (a Int32 NULL): invalid text\\nat file 'rows.csv', "
                + "line 7\"}}").getBytes(StandardCharsets.UTF_8));

        R2dbcException error = ExceptionFactory.loadResponse(answer, "load-7");

        assertThat(error).isInstanceOf(io.r2dbc.spi.R2dbcDataIntegrityViolationException.class)
                .hasMessage("[1046] Query execution failed: Invalid value 'x' for column 0 (a Int32 NULL): invalid "
                        + "text\nat file 'rows.csv', line 7 [HTTP 400] [query id load-7]");
        assertThat(error.getErrorCode()).isEqualTo(1046);
        assertThat(error.getSqlState()).isEqualTo("22000");
    }
}
