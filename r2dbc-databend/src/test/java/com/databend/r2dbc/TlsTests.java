package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLHandshakeException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS verifies the certificate and the host name by default; trust comes from a trust store, a PEM file, or is waived. */
class TlsTests {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path directory;

    private static Path matchingStore;
    private static Path matchingPem;
    private static Path otherHostStore;

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private DatabendConnectionFactory factory;

    @BeforeAll
    static void createCertificates() throws Exception {
        matchingStore = keyStore("matching", "SAN=ip:127.0.0.1,dns:localhost");
        otherHostStore = keyStore("other", "SAN=dns:db.example.invalid");
        matchingPem = directory.resolve("matching.pem");
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", matchingStore.toString(),
                "-storepass", "changeit", "-file", matchingPem.toString());
    }

    private static Path keyStore(String name, String extension) throws Exception {
        Path store = directory.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + name, "-ext", extension, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit");
        return store;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
    }

    private static SslContext serverContext(Path store) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, PASSWORD);
        return SslContextBuilder.forServer(keys).build();
    }

    private void start(Path serverStore, UnaryOperator<DatabendConnectionConfiguration.Builder> client)
            throws Exception {
        databend.start(request -> request.uri().startsWith("/v1/session/login")
                ? Reply.ok(ScriptedDatabend.LOGIN_OK) : new Reply(404, "{}"), serverContext(serverStore));
        factory = databend.factory(b -> client.apply(b.ssl(true).retryCount(0)));
    }

    private void connects() {
        Connection connection = Mono.from(factory.create()).block(Duration.ofSeconds(10));
        assertThat(connection.getMetadata().getDatabaseVersion()).isEqualTo("1.2.934-nightly");
        Mono.from(connection.close()).block();
    }

    /** The connection fails in the TLS handshake, for the certificate problem described by {@code reason}. */
    private void failsOnTheCertificate(String reason) {
        StepVerifier.create(factory.create())
                .expectErrorSatisfies(error -> {
                    // a certificate problem is a configuration error: no retry can succeed
                    assertThat(error).isInstanceOf(R2dbcNonTransientResourceException.class)
                            .hasMessageStartingWith("TLS handshake with Databend at 127.0.0.1:");
                    assertThat(causes(error)).anySatisfy(cause -> assertThat(cause)
                            .isInstanceOf(SSLHandshakeException.class));
                    assertThat(causes(error)).anySatisfy(cause -> assertThat(cause)
                            .isInstanceOf(CertificateException.class).hasMessageContaining(reason));
                })
                .verify(Duration.ofSeconds(10));
    }

    private static List<Throwable> causes(Throwable error) {
        List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable cause = error; cause != null && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    @Test
    void untrustedCertificateIsRejectedByDefault() throws Exception {
        start(matchingStore, b -> b);
        failsOnTheCertificate("PKIX path building failed");
    }

    @Test
    void trustStoreMakesTheCertificateTrusted() throws Exception {
        start(matchingStore, b -> b.trustStore(matchingStore.toString()).trustStorePassword("changeit"));
        connects();
    }

    @Test
    void pemRootCertificateMakesTheCertificateTrusted() throws Exception {
        start(matchingStore, b -> b.sslRootCert(matchingPem.toString()));
        connects();
    }

    @Test
    void hostNameIsVerified() throws Exception {
        start(otherHostStore, b -> b.trustStore(otherHostStore.toString()).trustStorePassword("changeit"));
        failsOnTheCertificate("No subject alternative names matching IP address 127.0.0.1 found");
    }

    @Test
    void trustAllWaivesCertificateAndHostChecks() throws Exception {
        start(otherHostStore, b -> b.sslTrustAll(true));
        connects();
    }

    @Test
    void unreadableTrustMaterialFailsNamingTheOptionButNotThePassword() {
        DatabendConnectionConfiguration missing = DatabendConnectionConfiguration.builder().host("127.0.0.1")
                .ssl(true).sslRootCert(directory.resolve("absent.pem").toString()).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatabendConnectionFactory(missing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslRootCert")
                .hasMessageContaining("absent.pem");
        DatabendConnectionConfiguration wrongPassword = DatabendConnectionConfiguration.builder().host("127.0.0.1")
                .ssl(true).trustStore(matchingStore.toString()).trustStorePassword("not-changeit-42").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DatabendConnectionFactory(wrongPassword))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trustStore")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-changeit-42"));
    }
}
