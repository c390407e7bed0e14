package com.databend.r2dbc.tck.server.session;

/** An authentication or client-session check that failed; answered with HTTP 401 and this Databend code. */
public final class AuthenticationFailure extends RuntimeException {

    private final int code;

    public AuthenticationFailure(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return this.code;
    }
}
