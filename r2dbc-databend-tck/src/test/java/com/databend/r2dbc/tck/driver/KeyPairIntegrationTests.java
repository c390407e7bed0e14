package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.test.util.LoggerUtils;
import reactor.test.util.TestLogger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static com.databend.r2dbc.tck.driver.SessionTokenIntegrationTests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Key-pair authentication (docs/protocol.md §2.7): root registers a user's public key with Databend's
 * {@code CREATE USER … IDENTIFIED WITH key_pair BY '<key>'}; the user connects with the private key file, the driver
 * signing JWTs with the JDK. Embedded server only: key-pair users need a Databend release that has them, which the
 * deployments these tests run against may not be.
 */
class KeyPairIntegrationTests {

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

    static KeyPair generate(String type) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.startsWith("EC") ? "EC" : type);
        switch (type) {
            case "RSA" -> generator.initialize(2048);
            case "EC-256" -> generator.initialize(new ECGenParameterSpec("secp256r1"));
            case "EC-384" -> generator.initialize(new ECGenParameterSpec("secp384r1"));
            default -> {
            }
        }
        return generator.generateKeyPair();
    }

    /** {@code keys}' private key as an unencrypted PKCS#8 PEM file. */
    private Path privateKeyFile(KeyPair keys, String name) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(directory.resolve(name + ".pem"), pem);
    }

    private static void createUser(String user, KeyPair keys) {
        Connection root = Sql.connect(Sql.tenRowPages(server, options -> options));
        try {
            String publicKey = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
            Sql.exec(root, "CREATE USER " + user + " IDENTIFIED WITH key_pair BY '" + publicKey + "'");
            Sql.exec(root, "GRANT ALL ON *.* TO " + user);
        } finally {
            Sql.close(root);
        }
    }

    private static DatabendConnectionFactory factory(String user, Path keyFile, boolean sessionToken) {
        return Sql.tenRowPages(server, options -> options.user(user).privateKeyFile(keyFile.toString())
                .sessionToken(sessionToken));
    }

    @Test
    void aKeyPairUserRunsTheBookstoreStatements() throws Exception {
        KeyPair keys = generate("RSA");
        String user = Sql.unique("kp_seed");
        createUser(user, keys);
        Path keyFile = privateKeyFile(keys, user);
        int before = server.authentications().recent().size();

        Connection connection = Sql.connect(factory(user, keyFile, false));
        String database = Sql.unique("kp_bookstore");
        try {
            Sql.exec(connection, "CREATE DATABASE " + database);
            Sql.exec(connection, "CREATE TABLE " + database + ".books (id INT, title VARCHAR, price DOUBLE)");
            assertThat(Sql.exec(connection, "INSERT INTO " + database + ".books VALUES (1, 'Dune', 9.5), "
                    + "(2, 'Emma', 7.25)")).isEqualTo(2L);
            assertThat(Sql.rows(connection, "SELECT id, title, price FROM " + database + ".books ORDER BY id"))
                    .containsExactly(List.of(1, "Dune", 9.5), List.of(2, "Emma", 7.25));
            Sql.exec(connection, "DROP TABLE " + database + ".books");
            Sql.exec(connection, "DROP DATABASE " + database);
        } finally {
            Sql.close(connection);
        }
        List<String> recent = server.authentications().recent();
        // finals go out in the background, some of them root's
        assertThat(recent.subList(before, recent.size())).filteredOn(line -> !line.contains("/final"))
                .hasSize(7).allMatch(line -> line.endsWith("KEY_PAIR"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC-256", "EC-384", "Ed25519"})
    void everyKeyTypeDatabendAcceptsSignsWithItsAlgorithm(String type) throws Exception {
        KeyPair keys = generate(type);
        String user = Sql.unique("kp_" + type.replace("-", "").toLowerCase());
        createUser(user, keys);

        Connection connection = Sql.connect(factory(user, privateKeyFile(keys, user), false));
        try {
            assertThat(single(connection, "SELECT 5")).isEqualTo(5L);
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void aKeyPairLoginHandsOverToSessionTokens() throws Exception {
        KeyPair keys = generate("EC-256");
        String user = Sql.unique("kp_tokens");
        createUser(user, keys);
        int before = server.authentications().recent().size();

        Connection connection = Sql.connect(factory(user, privateKeyFile(keys, user), true));
        try {
            assertThat(single(connection, "SELECT 6")).isEqualTo(6L);
        } finally {
            Sql.close(connection);
        }
        List<String> recent = server.authentications().recent();
        assertThat(recent.subList(before, recent.size())).filteredOn(line -> !line.contains("/final"))
                .containsExactly("POST /v1/session/login KEY_PAIR",
                "POST /v1/query SESSION_TOKEN", "POST /v1/session/logout SESSION_TOKEN");
    }

    @Test
    void anotherKeyIsRefusedWithATypedErrorAndNothingOfTheKeyOrJwtIsShownOrLogged() throws Exception {
        String user = Sql.unique("kp_wrong");
        createUser(user, generate("RSA"));
        KeyPair other = generate("RSA");
        Path keyFile = privateKeyFile(other, user);
        String keyText = Files.readString(keyFile);
        String keyBody = keyText.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();

        Disposable loggers = LoggerUtils.useCurrentLoggersWithCapture();
        TestLogger log = new TestLogger(false);
        LoggerUtils.enableCaptureWith(log);
        R2dbcPermissionDeniedException failure;
        DatabendConnectionFactory factory = factory(user, keyFile, false);
        try {
            failure = catchThrowableOfType(R2dbcPermissionDeniedException.class, () -> Sql.connect(factory));
            // a request's line is written once its answer has been handed on
            Await.until("the login's log line", Duration.ofSeconds(5),
                    () -> log.getOutContent().contains("POST /v1/session/login"));
        } finally {
            LoggerUtils.disableCapture();
            loggers.dispose();
        }

        assertThat(failure.getErrorCode()).isEqualTo(5100);
        assertThat(failure.getMessage()).contains("signature verification failed").doesNotContain(keyBody)
                .doesNotContain("eyJ");
        String captured = log.getOutContent() + log.getErrContent();
        assertThat(captured).contains("POST /v1/session/login 401").doesNotContain(keyBody).doesNotContain("eyJ")
                .doesNotContain("Bearer");
        assertThat(factory.toString()).contains("privateKeyFile=" + keyFile).doesNotContain(keyBody);
    }
}
