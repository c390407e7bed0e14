package com.databend.r2dbc.api;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;

/** Finds this driver's connection behind the {@link Wrapped} layers of pools and proxies. */
final class Unwrapping {

    private Unwrapping() {
    }

    static <T> T find(Connection connection, Class<T> type) {
        Object candidate = connection;
        while (candidate != null) {
            if (type.isInstance(candidate)) {
                return type.cast(candidate);
            }
            candidate = candidate instanceof Wrapped<?> wrapped ? wrapped.unwrap() : null;
        }
        throw new IllegalArgumentException("Not a connection of the Databend driver: " + connection);
    }
}
