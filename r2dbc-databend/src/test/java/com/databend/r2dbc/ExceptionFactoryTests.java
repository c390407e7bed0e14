package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.ExceptionFactory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Databend codes and transport failures to R2DBC exception classes (docs/protocol.md §9). */
class ExceptionFactoryTests {

    private static R2dbcException translate(int code, int status) {
        return ExceptionFactory.server(code, status, "message " + code, null, "qid123");
    }

    @ParameterizedTest
    @ValueSource(ints = {1005, 1065, 1025, 1003, 1058, 1008, 2301, 2302})
    void grammarCodesAreBadGrammar(int code) {
        R2dbcException error = translate(code, 200);
        assertThat(error).isInstanceOf(R2dbcBadGrammarException.class);
        assertThat(error.getErrorCode()).isEqualTo(code);
        assertThat(error).hasMessage("[" + code + "] message " + code + " [query id qid123]");
    }

    @ParameterizedTest
    @ValueSource(ints = {5100, 5101, 5102, 5103, 5104, 2201, 1063})
    void authCodesArePermissionDenied(int code) {
        assertThat(translate(code, code == 1063 ? 200 : 401)).isInstanceOf(R2dbcPermissionDeniedException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {4001, 4002})
    void transactionConflictsAreRollbacks(int code) {
        assertThat(translate(code, 200)).isInstanceOf(R2dbcRollbackException.class);
    }

    @Test
    void sqlStatesFollowTheProtocolMapping() {
        assertThat(translate(1025, 200).getSqlState()).isEqualTo("42S02");
        assertThat(translate(1003, 200).getSqlState()).isEqualTo("3F000");
        assertThat(translate(1058, 200).getSqlState()).isEqualTo("42S22");
        assertThat(translate(1005, 200).getSqlState()).isEqualTo("42000");
        assertThat(translate(5100, 401).getSqlState()).isEqualTo("28000");
        assertThat(translate(4002, 200).getSqlState()).isEqualTo("25P02");
    }

    @Test
    void gatewayStatusIsTransient() {
        assertThat(translate(503, 503)).isInstanceOf(R2dbcTransientResourceException.class);
    }

    @Test
    void otherServerCodesAreNonTransient() {
        assertThat(translate(1001, 200)).isInstanceOf(R2dbcNonTransientResourceException.class);
    }

    @Test
    void statementTimeoutIsTimeout() {
        assertThat(ExceptionFactory.statementTimeout("q1", Duration.ofSeconds(1)))
                .isInstanceOf(R2dbcTimeoutException.class).hasMessage("Statement timed out after 1000 ms [query id q1]");
    }

    /** Every class of the mapping carries the code as vendor code, a SQL state, the text and the query id. */
    @ParameterizedTest
    @CsvSource({
            "1025, 200, R2dbcBadGrammarException, 42S02",
            "2302, 200, R2dbcBadGrammarException, 42S01",
            "5101, 401, R2dbcPermissionDeniedException, 28000",
            "1063, 200, R2dbcPermissionDeniedException, 42501",
            "4001, 200, R2dbcRollbackException, 40001",
            "1043, 200, R2dbcTimeoutException, 57014",
            "1046, 200, R2dbcDataIntegrityViolationException, 22000",
            "502, 502, R2dbcTransientResourceException, 08001",
            "503, 503, R2dbcTransientResourceException, 08001",
            "504, 504, R2dbcTransientResourceException, 08001",
            "5110, 200, R2dbcNonTransientResourceException, 08003",
            "1001, 200, R2dbcNonTransientResourceException, HY000"})
    void everyClassCarriesVendorCodeSqlStateAndQueryId(int code, int status, String className, String state) {
        R2dbcException error = translate(code, status);
        assertThat(error.getClass().getSimpleName()).isEqualTo(className);
        assertThat(error.getErrorCode()).isEqualTo(code);
        assertThat(error.getSqlState()).isEqualTo(state);
        assertThat(error).hasMessage("[" + code + "] message " + code + (status == 200 ? "" : " [HTTP " + status + "]")
                + " [query id qid123]");
    }

    @Test
    void dataErrorsAreIntegrityViolations() {
        assertThat(translate(1049, 200)).isInstanceOf(R2dbcDataIntegrityViolationException.class);
    }

    @Test
    void unknownFailuresAreNonTransientAndR2dbcExceptionsPassThrough() {
        assertThat(ExceptionFactory.unexpected(new RuntimeException("boom"), "q1"))
                .isInstanceOf(R2dbcNonTransientResourceException.class).hasMessage("boom [query id q1]");
        R2dbcException own = new R2dbcTimeoutException("own");
        assertThat(ExceptionFactory.unexpected(own, "q1")).isSameAs(own);
    }
}
