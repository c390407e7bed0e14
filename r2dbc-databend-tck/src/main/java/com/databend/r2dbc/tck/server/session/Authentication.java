package com.databend.r2dbc.tck.server.session;

/**
 * Who a request authenticated as and with what (docs/protocol.md §2.7). {@code token} is the session token of a
 * {@link Kind#SESSION_TOKEN} request (a logout drops it), {@code null} otherwise.
 */
public record Authentication(String user, Kind kind, String token) {

    /** The kinds of credentials a request can carry. */
    public enum Kind {
        /** {@code Basic} user and password. */
        BASIC,
        /** A Databend session token ({@code bend-v1-s-…}). */
        SESSION_TOKEN,
        /** A token of {@link AccessTokens}, standing in for an external JWT. */
        ACCESS_TOKEN,
        /** A key-pair JWT ({@code X-DATABEND-AUTH-METHOD: keypair}). */
        KEY_PAIR
    }

    @Override
    public String toString() {
        return "Authentication{user=" + user + ", kind=" + kind + '}';
    }
}
