package com.databend.r2dbc.tck.server.http;

import io.netty.handler.codec.http.HttpHeaders;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP request with its whole body, detached from the connection so that it can be handed to another node.
 *
 * @param method upper-case method name
 * @param path   the path without query string, a trailing {@code /} trimmed
 * @param query  the raw query string, {@code ""} when none
 */
record HttpExchange(String method, String path, String query, HttpHeaders headers, byte[] body) {

    HttpExchange {
        requireNonNull(method, "method must not be null");
        requireNonNull(path, "path must not be null");
        requireNonNull(query, "query must not be null");
        requireNonNull(headers, "headers must not be null");
        requireNonNull(body, "body must not be null");
    }

    static HttpExchange of(String method, String uri, HttpHeaders headers, byte[] body) {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? "" : uri.substring(question + 1);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HttpExchange(method, path, query, headers, body);
    }

    String header(String name) {
        return this.headers.get(name);
    }
}
