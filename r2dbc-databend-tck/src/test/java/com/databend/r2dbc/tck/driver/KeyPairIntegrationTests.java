package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.util.LoggerUtils;
import reactor.test.util.TestLogger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
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
 * signing JWTs with the JDK, and keeps connecting through a rotation of the key ({@code ALTER USER … ADD / REMOVE
 * PUBLIC_KEY}, the key file replaced). Embedded server only: key-pair users need a Databend release that has them,
 * which the deployments these tests run against may not be.
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

    /** Writes {@code keys}' private key beside {@code keyFile} and moves it over, as a rotation should. */
    private Path replaceKeyFile(Path keyFile, KeyPair keys) throws IOException {
        Path next = privateKeyFile(keys, "next");
        return Files.move(next, keyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String publicKey(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    private static String fingerprint(KeyPair keys) throws GeneralSecurityException {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
    }

    private static void asRoot(String sql) {
        Connection root = Sql.connect(Sql.tenRowPages(server, options -> options));
        try {
            Sql.exec(root, sql);
        } finally {
            Sql.close(root);
        }
    }

    private static long pooled(ConnectionPool pool, String sql) {
        return Mono.usingWhen(pool.create(), connection -> Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class))).single(), Connection::close)
                .block(Sql.TIMEOUT);
    }

    /** A line of the base64 body of {@code file}'s key, to look for in messages and logs. */
    private static String keyBody(Path file) throws IOException {
        return Files.readString(file).lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }

    @Test
    void oneFactoryAndItsPoolKeepWorkingThroughAKeyRotationWithoutARestart() throws Exception {
        KeyPair a = generate("EC-256");
        KeyPair b = generate("EC-256");
        String user = Sql.unique("kp_rotate");
        createUser(user, a);
        Path keyFile = privateKeyFile(a, user);
        // the factory's request log is captured from its start
        Disposable loggers = LoggerUtils.useCurrentLoggersWithCapture();
        TestLogger log = new TestLogger(false);
        LoggerUtils.enableCaptureWith(log);
        DatabendConnectionFactory factory = factory(user, keyFile, false);
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).initialSize(0)
                .maxSize(2).build());
        Connection early = Sql.connect(factory);
        try {
            assertThat(single(early, "SELECT 1")).isEqualTo(1L);
            assertThat(pooled(pool, "SELECT 2")).isEqualTo(2L);

            asRoot("ALTER USER " + user + " WITH ADD PUBLIC_KEY = '" + publicKey(b) + "' LABEL = 'b'");
            replaceKeyFile(keyFile, b);
            asRoot("ALTER USER " + user + " WITH REMOVE PUBLIC_KEY FINGERPRINT = '" + fingerprint(a) + "'");
            long refusedBefore = server.authentications().refusedCount(5100);

            // the JWT of key a is still fresh: refused once, the file read again, the request sent with key b
            assertThat(single(early, "SELECT 3")).isEqualTo(3L);
            assertThat(server.authentications().refusedCount(5100)).isGreaterThan(refusedBefore);
            assertThat(pooled(pool, "SELECT 4")).isEqualTo(4L);
            Connection later = Sql.connect(factory);
            try {
                assertThat(single(later, "SELECT 5")).isEqualTo(5L);
            } finally {
                Sql.close(later);
            }

            // a file replaced with a key the server does not know: the request fails with Databend's refusal
            KeyPair d = generate("EC-256");
            asRoot("ALTER USER " + user + " WITH ADD PUBLIC_KEY = '" + publicKey(d) + "' LABEL = 'd'");
            replaceKeyFile(keyFile, generate("EC-256"));
            String unknownBody = keyBody(keyFile);
            asRoot("ALTER USER " + user + " WITH REMOVE PUBLIC_KEY LABEL = 'b'");

            R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
                    () -> single(early, "SELECT 6"));
            assertThat(failure.getErrorCode()).isEqualTo(5100);
            assertThat(failure.getMessage()).contains("signature verification failed").doesNotContain(unknownBody)
                    .doesNotContain("eyJ");
            // a request's line is written once its answer has been handed on
            Await.until("the refused query's log line", Duration.ofSeconds(5),
                    () -> log.getOutContent().contains("POST /v1/query 401"));

            // the registered key back in the file: the same connection goes on
            replaceKeyFile(keyFile, d);
            assertThat(single(early, "SELECT 7")).isEqualTo(7L);
            assertThat(pooled(pool, "SELECT 8")).isEqualTo(8L);
            String captured = log.getOutContent() + log.getErrContent();
            assertThat(captured).doesNotContain(unknownBody).doesNotContain(keyBody(keyFile)).doesNotContain("eyJ")
                    .doesNotContain("Bearer");
        } finally {
            Sql.close(early);
            pool.close().block(Sql.TIMEOUT);
            LoggerUtils.disableCapture();
            loggers.dispose();
        }
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
