package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The path a request line shows: never a query string, so never a presigned URL's signature. */
class HttpRequestLogTests {

    @Test
    void aPathKeepsItsSegmentsAndLosesItsQueryString() {
        assertThat(HttpRequestLog.path("/v1/query")).isEqualTo("/v1/query");
        assertThat(HttpRequestLog.path("/v1/query/4f0c/page/2")).isEqualTo("/v1/query/4f0c/page/2");
        assertThat(HttpRequestLog.path("/v1/session/login?disable_session_token=true"))
                .isEqualTo("/v1/session/login");
    }

    @Test
    void anAbsoluteUrlShowsOnlyItsPath() {
        assertThat(HttpRequestLog.path("https://bucket.s3.amazonaws.com/stage/user/books.csv"
                + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=0a1b2c"))
                .isEqualTo("/stage/user/books.csv");
        assertThat(HttpRequestLog.path("http://user:secret@node2:8000/v1/query/4f0c/final#fragment"))
                .isEqualTo("/v1/query/4f0c/final");
        assertThat(HttpRequestLog.path("https://storage.example.com?signature=abc")).isEqualTo("/");
    }
}
