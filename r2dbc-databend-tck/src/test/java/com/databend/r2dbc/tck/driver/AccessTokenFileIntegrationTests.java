package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import com.databend.r2dbc.testsupport.Await;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static com.databend.r2dbc.tck.driver.SessionTokenIntegrationTests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code accessTokenFile}: a Bearer token that another process rotates by rewriting the file; the driver reads the file
 * again when the server refuses the token, and sends the request once more with the new one. Embedded server only: the
 * server must be told which token it accepts, as an external issuer would decide for a real Databend.
 */
class AccessTokenFileIntegrationTests {

    private static DatabendTestServer server;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        server = DatabendTestServer.builder().port(0).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private DatabendConnectionFactory factory(Path file) {
        return Sql.tenRowPages(server, options -> options.accessTokenFile(file.toString()));
    }

    /**
     * A connection whose {@code file} holds {@code token}, which the server accepts, after a first query whose
     * final (sent in the background) has arrived with that token.
     */
    private Connection connectedWith(Path file, String token) throws IOException {
        Files.writeString(file, token + "\n");
        server.accessTokens().grant(token, "root");
        Connection connection = Sql.connect(factory(file));
        assertThat(single(connection, "SELECT 1")).isEqualTo(1L);
        Await.until("the first query is closed", Duration.ofSeconds(5), () -> server.queries().openCount() == 0);
        return connection;
    }

    @Test
    void aRotatedTokenIsReadAgainAfterTheServerRefusesTheOldOne() throws IOException {
        Path file = directory.resolve("token");
        Connection connection = connectedWith(file, "tok-first-5e1d");
        try {
            server.accessTokens().grant("tok-second-9a7c", "root");
            server.accessTokens().revoke("tok-first-5e1d");
            Files.writeString(file, "tok-second-9a7c\n");
            long refused = server.authentications().refusedCount(5100);
            int before = server.authentications().recent().size();

            assertThat(single(connection, "SELECT 2")).isEqualTo(2L);
            assertThat(server.authentications().refusedCount(5100)).isEqualTo(refused + 1);
            List<String> recent = server.authentications().recent();
            assertThat(recent.subList(before, recent.size())).filteredOn(line -> !line.contains("/final"))
                    .containsExactly("POST /v1/query ACCESS_TOKEN");
        } finally {
            Sql.close(connection);
            server.accessTokens().revoke("tok-second-9a7c");
        }
    }

    @Test
    void aTokenFileGoneWhenItsTokenIsRefusedFailsTheStatementNamingTheFileAndTheQuery() throws IOException {
        Path file = directory.resolve("token-gone");
        Connection connection = connectedWith(file, "tok-gone-77d0");
        try {
            server.accessTokens().revoke("tok-gone-77d0");
            Files.delete(file);

            R2dbcNonTransientResourceException failure = catchThrowableOfType(
                    R2dbcNonTransientResourceException.class, () -> single(connection, "SELECT 2"));

            assertThat(failure.getMessage()).startsWith("Cannot read the access token file " + file)
                    .containsPattern(" \\[query id [0-9a-f]{32}]$").doesNotContain("tok-gone-77d0");
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void aTokenStillRefusedAfterTheFileIsReadAgainFailsWithoutShowingIt() throws IOException {
        Path file = directory.resolve("token");
        Files.writeString(file, "tok-never-accepted-41b2");
        long refused = server.authentications().refusedCount(5100);

        R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
                () -> Sql.connect(factory(file)));

        assertThat(failure.getErrorCode()).isEqualTo(5100);
        assertThat(failure.getMessage()).doesNotContain("tok-never-accepted-41b2");
        // the same token read again is not sent twice
        assertThat(server.authentications().refusedCount(5100)).isEqualTo(refused + 1);
    }
}
