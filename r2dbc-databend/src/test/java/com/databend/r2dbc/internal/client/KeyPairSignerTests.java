package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JWTs of Databend's key-pair authentication, signed with the JDK and checked with the public key. */
class KeyPairSignerTests {

    @TempDir
    Path directory;

    /** The key of {@code file} as {@link KeyPairCredentials} reads it. */
    private static KeyPairSigner read(Path file, CharSequence passphrase, String user, String tenant)
            throws Exception {
        return KeyPairSigner.parse(KeyFile.of(file).read(), file, passphrase, user, tenant);
    }

    private static KeyPair generate(String type) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.startsWith("EC") ? "EC" : type);
        switch (type) {
            case "RSA" -> generator.initialize(2048);
            case "EC-256" -> generator.initialize(new ECGenParameterSpec("secp256r1"));
            case "EC-384" -> generator.initialize(new ECGenParameterSpec("secp384r1"));
            case "EC-521" -> generator.initialize(new ECGenParameterSpec("secp521r1"));
            default -> {
            }
        }
        return generator.generateKeyPair();
    }

    private Path pem(KeyPair keys) throws Exception {
        return Files.writeString(directory.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static String part(String jwt, int index) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"RSA, RS256, SHA256withRSA", "EC-256, ES256, SHA256withECDSAinP1363Format",
            "EC-384, ES384, SHA384withECDSAinP1363Format", "Ed25519, EdDSA, Ed25519"})
    void eachKeyTypeSignsWithItsAlgorithmAndTheClaimsDatabendChecks(String type, String alg, String jca)
            throws Exception {
        KeyPair keys = generate(type);
        KeyPairSigner signer = read(pem(keys), null, "svc", null);
        Instant now = Instant.ofEpochSecond(1_714_300_000L);

        String jwt = signer.sign(now, now.plusSeconds(60));

        assertThat(signer.algorithm()).isEqualTo(alg);
        assertThat(part(jwt, 0)).isEqualTo("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}");
        assertThat(part(jwt, 1)).isEqualTo("{\"sub\":\"svc\",\"iss\":\"admin.svc\",\"iat\":1714300000,"
                + "\"exp\":1714300060}");
        String[] parts = jwt.split("\\.");
        Signature verifier = Signature.getInstance(jca);
        verifier.initVerify(keys.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void theIssuerNamesTheConfiguredTenant() throws Exception {
        KeyPairSigner signer = read(pem(generate("EC-256")), null, "svc", "acme");
        Instant now = Instant.now();
        assertThat(part(signer.sign(now, now.plusSeconds(60)), 1)).contains("\"iss\":\"acme.svc\"");
    }

    @Test
    void unsupportedOrUnreadableKeysAreRefusedWithoutTheirContent() throws Exception {
        Path p521 = pem(generate("EC-521"));
        assertThatThrownBy(() -> read(p521, null, "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("521-bit curve");

        Path encrypted = Files.writeString(directory.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> read(encrypted, null, "svc", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The private key file " + encrypted + " is encrypted: give its passphrase "
                        + "(privateKeyPassphrase)");

        Path garbage = Files.writeString(directory.resolve("garbage.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> read(garbage, null, "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no RSA, EC or Ed25519")
                .hasMessageNotContaining("AAECAwQF");

        Path missing = directory.resolve("missing.pem");
        assertThatThrownBy(() -> KeyPairCredentials.read(missing, null, "svc", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read the private key file " + missing + ": NoSuchFileException");
    }

    /** A file of {@code src/test/resources/keys}, copied where the test may name it. */
    private Path resource(String name) throws Exception {
        try (InputStream in = KeyPairSignerTests.class.getResourceAsStream("/keys/" + name)) {
            return Files.write(directory.resolve(name), in.readAllBytes());
        }
    }

    /**
     * {@code rsa-pbes2-aes256.pem}: a test-only RSA key encrypted by {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}
     * (PBES2, PBKDF2 with HMAC-SHA256) with the passphrase {@code s3cret}; its public key beside it.
     */
    @Test
    void anEncryptedKeyIsReadWithItsPassphraseAndRefusedWithAnother() throws Exception {
        Path file = resource("rsa-pbes2-aes256.pem");
        String publicPem = Files.readString(resource("rsa-pbes2-aes256.pub.pem"));
        PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(
                Base64.getMimeDecoder().decode(publicPem.replaceAll("-----[A-Z ]+-----", ""))));

        KeyPairSigner signer = read(file, "s3cret", "svc", null);
        Instant now = Instant.now();
        String[] parts = signer.sign(now, now.plusSeconds(60)).split("\\.");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();

        assertThatThrownBy(() -> read(file, "wrong-7c1e", "svc", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot decrypt the private key file " + file + " with the passphrase given")
                .hasMessageNotContaining("wrong-7c1e");
    }
}
