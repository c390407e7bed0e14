package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteHintTests {

    @Test
    void aRouteHintIsAUuidAndACounterOfAtLeastSixDigits() {
        String first = ClientSession.newRouteHint();
        String second = ClientSession.newRouteHint();

        assertThat(first).matches("rh:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\\d{6,}");
        assertThat(second).matches("rh:[0-9a-f-]{36}:\\d{6,}");
        assertThat(first.substring(3, 39)).isNotEqualTo(second.substring(3, 39));
        assertThat(counter(second)).isGreaterThan(counter(first));
    }

    @Test
    void aStatementsRouteHintIsItsQueryIdWrittenAsAUuid() {
        String queryId = ClientSession.newQueryId();
        String first = ClientSession.newRouteHint(queryId);
        String second = ClientSession.newRouteHint(ClientSession.newQueryId());

        assertThat(first).matches("rh:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\\d{6,}");
        assertThat(first.substring(3, 39).replace("-", "")).isEqualTo(queryId);
        assertThat(second.substring(3, 39)).isNotEqualTo(first.substring(3, 39));
        assertThat(counter(second)).isGreaterThan(counter(first));
        assertThat(ClientSession.newRouteHint("not-a-query-id")).matches("rh:[0-9a-f-]{36}:\\d{6,}");
    }

    private static long counter(String hint) {
        return Long.parseLong(hint.substring(hint.lastIndexOf(':') + 1));
    }
}
