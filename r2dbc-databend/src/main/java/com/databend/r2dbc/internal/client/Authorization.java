package com.databend.r2dbc.internal.client;

import static java.util.Objects.requireNonNull;

/**
 * The {@code Authorization} header value of one request, and whether it is a key-pair JWT, which also needs
 * {@code X-DATABEND-AUTH-METHOD: keypair} (docs/protocol.md §2.7). Its {@link #toString()} never shows the value.
 */
public record Authorization(String header, boolean keyPair) {

    public Authorization {
        requireNonNull(header, "header must not be null");
    }

    static Authorization bearer(CharSequence token) {
        return new Authorization("Bearer " + token, false);
    }

    @Override
    public String toString() {
        return "Authorization{***}";
    }
}
