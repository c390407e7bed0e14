package com.databend.r2dbc.internal.client;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A cell is bounded by the response body, not by Jackson's default 20,000,000-character string limit. */
class LongCellTests {

    @Test
    void cellLongerThanJacksonsDefaultLimitIsRead() throws IOException {
        int length = 20_000_001;
        StringBuilder body = new StringBuilder(length + 200)
                .append("{\"id\":\"q1\",\"schema\":[{\"name\":\"s\",\"type\":\"String\"}],\"data\":[[\"");
        body.append("a".repeat(length));
        body.append("\"]],\"next_uri\":null}");
        QueryResponse page = ResponseParser.parseQueryResponse(body.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(page.rowsAsStrings()).hasSize(1);
        assertThat(page.rowsAsStrings().get(0)[0]).hasSize(length);
    }
}
