package com.databend.r2dbc.internal;

import org.jspecify.annotations.Nullable;

/** Argument checks of the public methods, failing as the R2DBC SPI asks: with {@link IllegalArgumentException}. */
public final class Assert {

    private Assert() {
    }

    /** {@code value}, or an {@link IllegalArgumentException} with {@code message} when it is {@code null}. */
    public static <T> T requireNonNull(@Nullable T value, String message) {
        if (value == null) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
