package com.databend.r2dbc.tck.server.query;

/**
 * A request the server answers with a non-200 status and {@code {"error":{"code":<status>,"message":…}}}
 * (docs/protocol.md §4.6).
 */
public final class ProtocolError extends RuntimeException {

    private final int status;

    public ProtocolError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return this.status;
    }
}
