package com.databend.r2dbc.internal.client;

import java.util.List;

/**
 * Status, the headers the driver reads, and the whole body of one HTTP response. {@code queryContext} is the
 * {@code X-DATABEND-QUERY-CONTEXT} header of a streaming load's answer (docs/protocol.md §8.4), {@code null}
 * elsewhere; {@code routeHint} the {@code X-DATABEND-ROUTE-HINT} a gateway answered (§2.5), or {@code null}.
 */
record HttpResult(int status, List<String> setCookies, String serverVersion, byte[] body, String queryContext,
                  String routeHint) {

    HttpResult(int status, List<String> setCookies, String serverVersion, byte[] body) {
        this(status, setCookies, serverVersion, body, null, null);
    }

    boolean ok() {
        return status == 200;
    }
}
