package com.databend.r2dbc.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that another thread makes true (a request the server received, a query released in the
 * background), polling it, instead of sleeping a fixed time and hoping it has happened.
 */
public final class Await {

    /** Long enough for any background step of a test server on loopback; short enough to fail a test promptly. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(5);

    private static final long POLL_MILLIS = 10;

    private Await() {
    }

    /** Waits up to {@link #DEFAULT_LIMIT} for {@code condition}; fails with an {@link AssertionError} after it. */
    public static void until(BooleanSupplier condition) {
        until("the condition holds", DEFAULT_LIMIT, condition);
    }

    /** Waits up to {@code limit} for {@code condition}; fails with an {@link AssertionError} after it. */
    public static void until(Duration limit, BooleanSupplier condition) {
        until("the condition holds", limit, condition);
    }

    /** Waits up to {@code limit} for {@code condition}; fails with an {@link AssertionError} naming {@code what}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        if (!within(limit, condition)) {
            throw new AssertionError("timed out after " + limit + " waiting until " + what);
        }
    }

    /** Whether {@code condition} held within {@code limit}. */
    public static boolean within(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
        return true;
    }
}
