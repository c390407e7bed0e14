package com.databend.r2dbc.internal.client;

/** A 502/503/504 from a proxy or gateway; the request may be sent again. */
final class RetryableStatusException extends RuntimeException {

    private final HttpResult result;

    RetryableStatusException(HttpResult result) {
        super("HTTP " + result.status(), null, false, false);
        this.result = result;
    }

    HttpResult result() {
        return result;
    }
}
