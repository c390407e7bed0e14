package com.databend.r2dbc.internal.client;

import io.netty.handler.codec.http.HttpMethod;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

import java.util.concurrent.TimeUnit;

/**
 * One DEBUG line per HTTP request on the logger {@value #NAME}: method, path, status (or why there is none),
 * milliseconds and query id. The path is cut before its query string, so a presigned URL's signature never shows;
 * no header is logged, so neither are the {@code Authorization} header, a password or a token. With DEBUG off a
 * request goes out as it is, with nothing added.
 */
final class HttpRequestLog {

    static final String NAME = "com.databend.r2dbc.http";

    private final Logger logger = Loggers.getLogger(NAME);

    /** {@code request} logged once it answered, failed or was cancelled; {@code queryId} may be {@code null}. */
    Mono<HttpResult> around(Mono<HttpResult> request, HttpMethod method, String uri, String queryId) {
        if (!logger.isDebugEnabled()) {
            return request;
        }
        return Mono.defer(() -> {
            long start = System.nanoTime();
            // a status taken by an operator that then fails the exchange (a 401) arrives before a cancel
            String[] outcome = {null};
            return request
                    .doOnNext(result -> outcome[0] = Integer.toString(result.status()))
                    .doOnError(error -> outcome[0] = "failed (" + error.getClass().getSimpleName() + ")")
                    .doFinally(signal -> log(method, uri, outcome[0] == null ? "cancelled" : outcome[0], start,
                            queryId));
        });
    }

    boolean enabled() {
        return logger.isDebugEnabled();
    }

    /** Logs a request that ended with {@code outcome} (its status); {@code start} is its {@link System#nanoTime()}. */
    void log(HttpMethod method, String uri, String outcome, long start, String queryId) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        logger.debug("{} {} {} {} ms query {}", method.name(), path(uri), outcome, millis,
                queryId == null ? "-" : queryId);
    }

    /** The path of a path or absolute URL, without its query string or fragment. */
    static String path(String uri) {
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme >= 0) {
            int slash = uri.indexOf('/', scheme + 3);
            if (slash < 0) {
                return "/";
            }
            start = slash;
        }
        int end = start;
        while (end < uri.length() && uri.charAt(end) != '?' && uri.charAt(end) != '#') {
            end++;
        }
        return uri.substring(start, end);
    }
}
