package com.databend.r2dbc.internal.client;

import java.util.List;

/** Status, the headers the driver reads, and the whole body of one HTTP response. */
record HttpResult(int status, List<String> setCookies, String serverVersion, byte[] body) {

    boolean ok() {
        return status == 200;
    }
}
