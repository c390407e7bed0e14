package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * Key-pair authentication (docs/protocol.md §2.7): a JWT of the private key, valid for a minute, reused until shortly
 * before it expires and then signed again. Signing takes a fraction of a millisecond, so it runs where the request is
 * made.
 */
final class KeyPairCredentials implements Credentials {

    static final Duration LIFETIME = Duration.ofSeconds(60);

    /** A JWT is replaced once less than this is left, so that none expires on its way. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(15);

    private final KeyPairSigner signer;
    private final Clock clock;
    private volatile Signed current;

    KeyPairCredentials(KeyPairSigner signer) {
        this(signer, Clock.systemUTC());
    }

    KeyPairCredentials(KeyPairSigner signer, Clock clock) {
        this.signer = requireNonNull(signer, "signer must not be null");
        this.clock = requireNonNull(clock, "clock must not be null");
    }

    @Override
    public Mono<Authorization> authorization(boolean replayable) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            Signed known = current;
            if (known != null && now.isBefore(known.expiry().minus(RENEW_BEFORE))) {
                return known.authorization();
            }
            Instant expiry = now.plus(LIFETIME);
            Signed fresh = new Signed(new Authorization("Bearer " + signer.sign(now, expiry), true), expiry);
            current = fresh;
            return fresh.authorization();
        });
    }

    private record Signed(Authorization authorization, Instant expiry) {
    }

    @Override
    public String toString() {
        return "KeyPairCredentials{" + signer + '}';
    }
}
