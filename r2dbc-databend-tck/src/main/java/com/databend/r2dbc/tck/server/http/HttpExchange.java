package com.databend.r2dbc.tck.server.http;

import io.netty.handler.codec.http.HttpHeaders;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * One HTTP request, detached from the connection so that it can be handed to another node: with its whole body, or
 * with its body still arriving (a streaming load).
 *
 * @param method   upper-case method name
 * @param path     the path without query string, a trailing {@code /} trimmed
 * @param query    the raw query string, {@code ""} when none
 * @param body     the whole body; empty when the body is streamed
 * @param streamed the body as it arrives, or {@code null} when {@code body} holds it
 */
record HttpExchange(String method, String path, String query, HttpHeaders headers, byte[] body, InputStream streamed) {

    HttpExchange {
        requireNonNull(method, "method must not be null");
        requireNonNull(path, "path must not be null");
        requireNonNull(query, "query must not be null");
        requireNonNull(headers, "headers must not be null");
        requireNonNull(body, "body must not be null");
    }

    static HttpExchange of(String method, String uri, HttpHeaders headers, byte[] body) {
        return of(method, uri, headers, body, null);
    }

    static HttpExchange streamed(String method, String uri, HttpHeaders headers, InputStream body) {
        return of(method, uri, headers, new byte[0], requireNonNull(body, "body must not be null"));
    }

    private static HttpExchange of(String method, String uri, HttpHeaders headers, byte[] body, InputStream streamed) {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? "" : uri.substring(question + 1);
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new HttpExchange(method, path, query, headers, body, streamed);
    }

    /** The body as a stream, whether it is streamed or whole. */
    InputStream bodyStream() {
        return this.streamed != null ? this.streamed : new ByteArrayInputStream(this.body);
    }

    String header(String name) {
        return this.headers.get(name);
    }
}
