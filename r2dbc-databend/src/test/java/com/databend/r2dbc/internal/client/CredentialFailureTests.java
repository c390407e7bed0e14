package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Credentials that fail before a request is sent: the failure names the request's query, keeping its class. */
class CredentialFailureTests {

    @Test
    void aFailureToObtainCredentialsNamesTheQueryAndKeepsItsClassStateAndCode() {
        R2dbcException unreadable = new R2dbcNonTransientResourceException("Cannot read the access token file /t: "
                + "NoSuchFileException", "28000", 0);
        R2dbcException refused = new R2dbcPermissionDeniedException("No private key in /k", "28000", 5100);

        R2dbcException named = ExceptionFactory.beforeRequest(unreadable, "q-1");
        R2dbcException namedRefusal = ExceptionFactory.beforeRequest(refused, "q-2");

        assertThat(named).isExactlyInstanceOf(R2dbcNonTransientResourceException.class).hasCause(unreadable)
                .hasMessage("Cannot read the access token file /t: NoSuchFileException [query id q-1]");
        assertThat(named.getSqlState()).isEqualTo("28000");
        assertThat(namedRefusal).isExactlyInstanceOf(R2dbcPermissionDeniedException.class)
                .hasMessage("No private key in /k [query id q-2]");
        assertThat(namedRefusal.getErrorCode()).isEqualTo(5100);
    }

    @Test
    void aFailureThatNamesAQueryAlreadyOrHasNoQueryIsLeftAsItIs() {
        R2dbcException answered = new R2dbcPermissionDeniedException("refresh token expired [query id q-0]", "28000",
                5102);
        R2dbcException other = new R2dbcBadGrammarException("bad", "42000", 1005);

        assertThat(ExceptionFactory.beforeRequest(answered, "q-1")).isSameAs(answered);
        assertThat(ExceptionFactory.beforeRequest(answered, null)).isSameAs(answered);
        assertThat(ExceptionFactory.beforeRequest(new R2dbcNonTransientResourceException("x"), "")).hasMessage("x");
        assertThat(ExceptionFactory.beforeRequest(other, "q-1")).isSameAs(other);
    }
}
