package com.databend.r2dbc.internal.client;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The {@code tokens} of a login or refresh answer (docs/protocol.md §7) and when they arrived
 * ({@link System#nanoTime()}). Its {@link #toString()} never shows a token.
 */
record TokenPair(String sessionToken, String refreshToken, Duration ttl, long receivedAt) {

    TokenPair {
        requireNonNull(sessionToken, "sessionToken must not be null");
        requireNonNull(refreshToken, "refreshToken must not be null");
        requireNonNull(ttl, "ttl must not be null");
    }

    /** Whether less than {@code share} (0 to 1) of the session token's life is left at {@code now}. */
    boolean lessLeftThan(double share, long now) {
        long elapsed = now - receivedAt;
        return elapsed >= (long) (ttl.toNanos() * (1 - share));
    }

    @Override
    public String toString() {
        return "TokenPair{ttl=" + ttl + '}';
    }
}
