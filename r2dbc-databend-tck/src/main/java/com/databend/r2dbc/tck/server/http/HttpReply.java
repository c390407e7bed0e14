package com.databend.r2dbc.tck.server.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A response about to be written: status, extra headers and body bytes. */
record HttpReply(int status, List<Map.Entry<String, String>> headers, byte[] body) {

    static final String JSON = "application/json; charset=utf-8";

    HttpReply {
        headers = new ArrayList<>(headers);
    }

    static HttpReply json(int status, byte[] body) {
        return new HttpReply(status, List.of(Map.entry("Content-Type", JSON)), body);
    }

    static HttpReply text(int status, String body) {
        return new HttpReply(status, List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
            body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpReply empty(int status) {
        return new HttpReply(status, List.of(), new byte[0]);
    }

    HttpReply withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(this.headers);
        more.add(Map.entry(name, value));
        return new HttpReply(this.status, more, this.body);
    }
}
