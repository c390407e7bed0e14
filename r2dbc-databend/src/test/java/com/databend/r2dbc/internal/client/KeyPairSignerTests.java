package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JWTs of Databend's key-pair authentication, signed with the JDK and checked with the public key. */
class KeyPairSignerTests {

    @TempDir
    Path directory;

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
        KeyPairSigner signer = KeyPairSigner.read(pem(keys), "svc", null);
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
        KeyPairSigner signer = KeyPairSigner.read(pem(generate("EC-256")), "svc", "acme");
        Instant now = Instant.now();
        assertThat(part(signer.sign(now, now.plusSeconds(60)), 1)).contains("\"iss\":\"acme.svc\"");
    }

    @Test
    void unsupportedOrUnreadableKeysAreRefusedWithoutTheirContent() throws Exception {
        Path p521 = pem(generate("EC-521"));
        assertThatThrownBy(() -> KeyPairSigner.read(p521, "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("521-bit curve");

        Path encrypted = Files.writeString(directory.resolve("enc.pem"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyPairSigner.read(encrypted, "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is encrypted")
                .hasMessageNotContaining("MIIFHDBOBgkqhkiG9w0BBQ0w");

        Path garbage = Files.writeString(directory.resolve("garbage.pem"),
                "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> KeyPairSigner.read(garbage, "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no RSA, EC or Ed25519")
                .hasMessageNotContaining("AAECAwQF");

        assertThatThrownBy(() -> KeyPairSigner.read(directory.resolve("missing.pem"), "svc", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.pem");
    }

    @Test
    void aJwtIsReusedUntilShortlyBeforeItExpires() throws Exception {
        KeyPairSigner signer = KeyPairSigner.read(pem(generate("Ed25519")), "svc", null);
        Instant start = Instant.ofEpochSecond(1_714_300_000L);
        MutableClock clock = new MutableClock(start);
        KeyPairCredentials credentials = new KeyPairCredentials(signer, clock);

        Authorization first = credentials.authorization(true).block();
        clock.now = start.plusSeconds(44);
        Authorization stillFirst = credentials.authorization(true).block();
        clock.now = start.plusSeconds(46);
        Authorization second = credentials.authorization(true).block();

        assertThat(first.keyPair()).isTrue();
        assertThat(stillFirst.header()).isEqualTo(first.header());
        assertThat(second.header()).isNotEqualTo(first.header());
        assertThat(part(second.header().substring("Bearer ".length()), 1)).contains("\"iat\":1714300046");
        assertThat(first).hasToString("Authorization{***}");
        assertThat(credentials.toString()).doesNotContain(first.header().substring(7, 20));
    }

    private static final class MutableClock extends java.time.Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
