package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBackoffTests {

    @RepeatedTest(20)
    void aBackoffDoublesFromAHundredMillisecondsUpToTwoSecondsWithAJitterOfAtMostHalf() {
        assertThat(HttpTransport.backoff(0).toMillis()).isBetween(100L, 149L);
        assertThat(HttpTransport.backoff(1).toMillis()).isBetween(100L, 299L);
        assertThat(HttpTransport.backoff(2).toMillis()).isBetween(200L, 599L);
        assertThat(HttpTransport.backoff(4).toMillis()).isBetween(800L, 1999L);
        assertThat(HttpTransport.backoff(5).toMillis()).isBetween(1000L, 1999L);
        assertThat(HttpTransport.backoff(62).toMillis()).isBetween(1000L, 1999L);
    }
}
