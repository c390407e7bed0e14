package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A token file is read once, and again after a refusal; a request repeats only for a new token. */
class TokenFileCredentialsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    @Test
    void theFileIsReadOnceAndAgainOnlyAfterARefusal() throws Exception {
        Path file = Files.writeString(directory.resolve("token"), "  first-tok\n");
        TokenFileCredentials credentials = new TokenFileCredentials(file);

        Authorization first = credentials.authorization(true).block(TIMEOUT);
        Files.writeString(file, "second-tok");
        assertThat(first.header()).isEqualTo("Bearer first-tok");
        assertThat(credentials.authorization(true).block(TIMEOUT)).isEqualTo(first);

        assertThat(credentials.renew(first, 5100).block(TIMEOUT)).isTrue();
        Authorization second = credentials.authorization(true).block(TIMEOUT);
        assertThat(second.header()).isEqualTo("Bearer second-tok");
        // the same token again: sending the request once more cannot help
        assertThat(credentials.renew(second, 5100).block(TIMEOUT)).isFalse();
    }

    @Test
    void aMissingOrEmptyFileIsAnErrorNamingItsPath() throws Exception {
        Path missing = directory.resolve("absent");
        R2dbcNonTransientResourceException failure = catchThrowableOfType(R2dbcNonTransientResourceException.class,
                () -> new TokenFileCredentials(missing).authorization(true).block(TIMEOUT));
        assertThat(failure.getMessage()).startsWith("Cannot read the access token file " + missing);

        Path empty = Files.writeString(directory.resolve("empty"), "\n");
        assertThat(catchThrowableOfType(R2dbcNonTransientResourceException.class,
                () -> new TokenFileCredentials(empty).authorization(true).block(TIMEOUT)).getMessage())
                .contains("the file is empty");
    }
}
