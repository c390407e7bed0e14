package com.databend.r2dbc.internal.client;

import java.util.List;

/**
 * Status, the headers the driver reads, and the whole body of one HTTP response. {@code queryContext} is the
 * {@code X-DATABEND-QUERY-CONTEXT} header of a streaming load's answer (docs/protocol.md §8.4), {@code null}
 * elsewhere.
 */
record HttpResult(int status, List<String> setCookies, String serverVersion, byte[] body, String queryContext) {

    HttpResult(int status, List<String> setCookies, String serverVersion, byte[] body) {
        this(status, setCookies, serverVersion, body, null);
    }

    boolean ok() {
        return status == 200;
    }
}
