package com.databend.r2dbc.tck.server;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A NUL in a String value reaches the engine from JSON params and SQL text, and leaves as the JSON escape. */
class NulStringWireTests {

    @Test
    void nulFromParamsAndFromSqlEscapeIsRenderedAsJsonEscape() {
        try (DatabendTestServer server = DatabendTestServer.builder().port(0).start()) {
            Http http = Http.root(server.baseUrl());
            Http.Response response = http.query("SELECT ?, 'c\\0d'", "\"params\": [\"a\\u0000b\"]");
            assertThat(response.json().get("error")).isNull();
            assertThat(response.json().get("data")).isEqualTo(List.of(List.of("a\u0000b", "c\u0000d")));
            assertThat(response.body()).contains("\"a\\u0000b\"", "\"c\\u0000d\"");
        }
    }
}
