package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The JWTs of {@link KeyPairCredentials}: reused for most of a minute, signed by the key the file holds when the
 * next one is due (the file read again only when its stamp changed), the file read again after a refusal, and a file
 * that cannot be read or parsed failing the request with a typed error that names it and nothing of the key.
 */
class KeyPairCredentialsTests {

    private static final Path PATH = Path.of("/keys/svc.pem");

    private static final Instant START = Instant.ofEpochSecond(1_714_300_000L);

    private final MutableClock clock = new MutableClock(START);

    private static KeyPair generate() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String pem(KeyPair keys) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static String jwt(Authorization authorization) {
        assertThat(authorization.keyPair()).isTrue();
        return authorization.header().substring("Bearer ".length());
    }

    private static boolean signedBy(Authorization authorization, PublicKey key) throws Exception {
        String[] parts = jwt(authorization).split("\\.");
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
    }

    private static String claims(Authorization authorization) {
        return new String(Base64.getUrlDecoder().decode(jwt(authorization).split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private KeyPairCredentials credentials(FakeKeyFile file, CharSequence passphrase) {
        return KeyPairCredentials.read(file, passphrase, "svc", null, clock);
    }

    @Test
    void aJwtIsReusedUntilShortlyBeforeItExpiresAndAnUnchangedFileIsReadOnce() throws Exception {
        FakeKeyFile file = new FakeKeyFile(pem(generate()));
        KeyPairCredentials credentials = credentials(file, null);

        Authorization first = credentials.authorization(true).block();
        clock.now = START.plusSeconds(44);
        Authorization stillFirst = credentials.authorization(true).block();
        clock.now = START.plusSeconds(46);
        Authorization second = credentials.authorization(true).block();

        assertThat(stillFirst.header()).isEqualTo(first.header());
        assertThat(second.header()).isNotEqualTo(first.header());
        assertThat(claims(second)).contains("\"iat\":1714300046", "\"exp\":1714300106");
        // one read when the factory is made; a stat before each of the two JWTs signed, none for the reused one
        assertThat(file.reads).isEqualTo(1);
        assertThat(file.stats).isEqualTo(3);
        assertThat(first).hasToString("Authorization{***}");
        assertThat(credentials.toString()).contains("file=" + PATH).doesNotContain(jwt(first).substring(0, 20));
    }

    @Test
    void aReplacedFileSignsTheNextJwtWithItsKeyOffTheCallersThread() throws Exception {
        KeyPair a = generate();
        KeyPair b = generate();
        FakeKeyFile file = new FakeKeyFile(pem(a));
        KeyPairCredentials credentials = credentials(file, null);
        file.threads.clear();
        Authorization first = credentials.authorization(true).block();

        file.replace(pem(b));
        clock.now = START.plusSeconds(10);
        Authorization reused = credentials.authorization(true).block();
        clock.now = START.plusSeconds(46);
        Authorization next = credentials.authorization(true).block();

        assertThat(signedBy(first, a.getPublic())).isTrue();
        assertThat(reused.header()).isEqualTo(first.header());
        assertThat(signedBy(next, b.getPublic())).isTrue();
        assertThat(file.reads).isEqualTo(2);
        assertThat(file.threads).isNotEmpty().allMatch(name -> name.startsWith("boundedElastic"));
    }

    @Test
    void afterARefusalTheFileIsReadAgainAndTheRequestRepeatedOnlyWithAnotherKeyOrANewerJwt() throws Exception {
        KeyPair a = generate();
        KeyPair b = generate();
        FakeKeyFile file = new FakeKeyFile(pem(a));
        KeyPairCredentials credentials = credentials(file, null);
        file.threads.clear();
        Authorization first = credentials.authorization(true).block();

        assertThat(credentials.renew(first, 5100).block()).isFalse();
        assertThat(file.reads).isEqualTo(2);
        assertThat(credentials.authorization(true).block().header()).isEqualTo(first.header());

        // rewritten within the file system's time resolution: same stamp, so only the refusal finds the new key
        file.text = pem(b);
        assertThat(credentials.renew(first, 5100).block()).isTrue();
        Authorization renewed = credentials.authorization(true).block();
        assertThat(signedBy(renewed, b.getPublic())).isTrue();
        assertThat(claims(renewed)).contains("\"iat\":1714300000");

        // a request refused with the old JWT while another one renewed it goes again with the newer one
        assertThat(credentials.renew(first, 5100).block()).isTrue();
        assertThat(credentials.renew(renewed, 5100).block()).isFalse();
        assertThat(file.reads).isEqualTo(5);
        assertThat(file.threads).allMatch(name -> name.startsWith("boundedElastic"));
    }

    @Test
    void aFileThatCannotBeReadOrParsedFailsTheRequestNamingItAndTheNextSucceedsOnceItIsRight() throws Exception {
        FakeKeyFile file = new FakeKeyFile(pem(generate()));
        KeyPairCredentials credentials = credentials(file, "pp-31f0");
        Authorization first = credentials.authorization(true).block();
        clock.now = START.plusSeconds(46);

        file.failure = new NoSuchFileException(PATH.toString());
        file.replace(null);
        R2dbcNonTransientResourceException missing = catchThrowableOfType(R2dbcNonTransientResourceException.class,
                () -> credentials.authorization(true).block());
        assertThat(missing).hasMessage("Cannot read the private key file " + PATH + ": NoSuchFileException");
        assertThat(missing.getSqlState()).isEqualTo("28000");
        assertThatThrownBy(() -> credentials.renew(first, 5100).block())
                .isInstanceOf(R2dbcNonTransientResourceException.class).hasMessageContaining(PATH.toString());

        file.failure = null;
        String garbage = "-----BEGIN PRIVATE KEY-----\nAAECAwQF\n-----END PRIVATE KEY-----\n";
        file.replace(garbage);
        R2dbcPermissionDeniedException invalid = catchThrowableOfType(R2dbcPermissionDeniedException.class,
                () -> credentials.authorization(true).block());
        assertThat(invalid).hasMessage("The private key file " + PATH + " holds no RSA, EC or Ed25519 PKCS#8 key");
        assertThat(invalid.getSqlState()).isEqualTo("28000");

        file.replace("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQww\n"
                + "-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> credentials.authorization(true).block())
                .isInstanceOf(R2dbcPermissionDeniedException.class)
                .hasMessageStartingWith("Cannot decrypt the private key file " + PATH + " with the passphrase given")
                .hasMessageNotContaining("pp-31f0").hasMessageNotContaining("MIIFHDBOBgkqhkiG9w0BBQ0w");

        KeyPair c = generate();
        file.replace(pem(c));
        assertThat(signedBy(credentials.authorization(true).block(), c.getPublic())).isTrue();
        assertThat(credentials.toString()).doesNotContain("pp-31f0");
    }

    @Test
    void aFileThatCannotBeReadWhenTheFactoryIsMadeIsRefusedThere() {
        FakeKeyFile file = new FakeKeyFile(null);
        file.failure = new NoSuchFileException(PATH.toString());
        assertThatThrownBy(() -> credentials(file, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read the private key file " + PATH + ": NoSuchFileException");
    }

    /** A key file in memory; {@link #replace} gives it another stamp, as a rewrite on disk does. */
    private static final class FakeKeyFile implements KeyFile {

        volatile String text;
        volatile IOException failure;
        volatile long modified = 1;
        volatile int stats;
        volatile int reads;
        final List<String> threads = new ArrayList<>();

        FakeKeyFile(String text) {
            this.text = text;
        }

        void replace(String next) {
            text = next;
            modified++;
        }

        @Override
        public Path path() {
            return PATH;
        }

        @Override
        public synchronized Stamp stamp() throws IOException {
            stats++;
            threads.add(Thread.currentThread().getName());
            if (failure != null) {
                throw failure;
            }
            return new Stamp(FileTime.fromMillis(modified), text.length(), null);
        }

        @Override
        public synchronized String read() throws IOException {
            reads++;
            threads.add(Thread.currentThread().getName());
            if (failure != null) {
                throw failure;
            }
            return text;
        }
    }

    private static final class MutableClock extends Clock {

        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
