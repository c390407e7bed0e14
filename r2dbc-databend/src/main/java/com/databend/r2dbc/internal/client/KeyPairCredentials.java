package com.databend.r2dbc.internal.client;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Key-pair authentication (docs/protocol.md §2.7): a JWT of the private key, valid for a minute, reused until shortly
 * before it expires and then signed again. The key file is read when the factory is made; before each new JWT its
 * stamp (last-modified time, size, identity) is compared with the one of that read, and the key read again when it
 * differs, so that a rotated key signs the next JWT. After a refusal (401) the file is read again and the request
 * sent once more when it now holds another key, or when a newer JWT than the refused one is at hand. Stats, reads
 * and signatures run on a thread that may block, never on an event loop; one at a time.
 */
final class KeyPairCredentials implements Credentials {

    static final Duration LIFETIME = Duration.ofSeconds(60);

    /** A JWT is replaced once less than this is left, so that none expires on its way. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(15);

    private final KeyFile file;
    private final @Nullable CharSequence passphrase;
    private final String user;
    private final @Nullable String tenant;
    private final Clock clock;
    private volatile State state;

    private KeyPairCredentials(KeyFile file, @Nullable CharSequence passphrase, String user, @Nullable String tenant,
                               Clock clock, Key key) {
        this.file = file;
        this.passphrase = passphrase;
        this.user = user;
        this.tenant = tenant;
        this.clock = clock;
        this.state = new State(key, null);
    }

    /** Credentials of the key in {@code file}, read now (see below), with the system clock. */
    static KeyPairCredentials read(Path file, @Nullable CharSequence passphrase, String user, @Nullable String tenant) {
        return read(KeyFile.of(file), passphrase, user, tenant, Clock.systemUTC());
    }

    /**
     * Credentials of the key in {@code file}, read now, on the caller's thread, as the factory is made.
     *
     * @throws IllegalArgumentException when the file cannot be read or decrypted, or holds no supported key
     */
    static KeyPairCredentials read(KeyFile file, @Nullable CharSequence passphrase, String user,
                                   @Nullable String tenant, Clock clock) {
        requireNonNull(file, "file must not be null");
        requireNonNull(user, "user must not be null");
        requireNonNull(clock, "clock must not be null");
        try {
            KeyFile.Stamp stamp = file.stamp();
            return new KeyPairCredentials(file, passphrase, user, tenant, clock,
                    new Key(KeyPairSigner.parse(file.read(), file.path(), passphrase, user, tenant), stamp));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the private key file " + file.path() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public Mono<Authorization> authorization(boolean replayable) {
        return Mono.defer(() -> {
            Signed known = state.signed();
            if (known != null && known.validAt(clock.instant())) {
                return Mono.just(known.authorization());
            }
            return blocking(Mono.fromCallable(this::signAgain));
        });
    }

    /** Reads the file again; the request is repeated with a newer JWT than {@code used}, if there is one. */
    @Override
    public Mono<Boolean> renew(Authorization used, int code) {
        return blocking(Mono.fromCallable(() -> reloadAfterRefusal(used)));
    }

    private synchronized Authorization signAgain() throws IOException {
        Instant now = clock.instant();
        State known = state;
        if (known.signed() != null && known.signed().validAt(now)) {
            // signed by a request that was here first
            return known.signed().authorization();
        }
        Key key = known.key();
        KeyFile.Stamp stamp = file.stamp();
        if (!stamp.equals(key.stamp())) {
            key = load(stamp);
        }
        Instant expiry = now.plus(LIFETIME);
        Signed signed = new Signed(new Authorization("Bearer " + key.signer().sign(now, expiry), true), expiry);
        state = new State(key, signed);
        return signed.authorization();
    }

    private synchronized boolean reloadAfterRefusal(Authorization used) throws IOException {
        State known = state;
        Key fresh = load(file.stamp());
        if (!fresh.signer().sameKeyAs(known.key().signer())) {
            state = new State(fresh, null);
            return true;
        }
        state = new State(fresh, known.signed());
        return known.signed() == null || !known.signed().authorization().header().equals(used.header());
    }

    /** The key of the file now; {@code stamp} is taken first, so a change while reading is seen at the next stat. */
    private Key load(KeyFile.Stamp stamp) throws IOException {
        return new Key(KeyPairSigner.parse(file.read(), file.path(), passphrase, user, tenant), stamp);
    }

    /** {@code work} on a thread that may block; the file's failures as the R2DBC exceptions that name it. */
    private <T> Mono<T> blocking(Mono<T> work) {
        return work.subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(IOException.class, e -> new R2dbcNonTransientResourceException("Cannot read the private"
                        + " key file " + file.path() + ": " + e.getClass().getSimpleName(), "28000", 0, e))
                .onErrorMap(IllegalArgumentException.class, e -> new R2dbcPermissionDeniedException(e.getMessage(),
                        "28000", 0, e));
    }

    private record Key(KeyPairSigner signer, KeyFile.Stamp stamp) {
    }

    private record Signed(Authorization authorization, Instant expiry) {

        boolean validAt(Instant now) {
            return now.isBefore(expiry.minus(RENEW_BEFORE));
        }
    }

    /** The key in use and the last JWT it signed, if any: replaced whole, so that the two always belong together. */
    private record State(Key key, @Nullable Signed signed) {
    }

    @Override
    public String toString() {
        return "KeyPairCredentials{file=" + file.path() + ", " + state.key().signer() + '}';
    }
}
