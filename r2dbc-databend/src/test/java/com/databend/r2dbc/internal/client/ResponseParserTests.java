package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming parser against the golden responses (placeholders replaced). */
class ResponseParserTests {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ResponseParserTests.class.getResourceAsStream("/databend-golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${QUERY_ID}", "q123").replace("${NODE_ID}", "n1").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void firstPageOfGolden01() throws IOException {
        QueryResponse page = ResponseParser.parseQueryResponse(golden("01_select_numbers8_page0.json"));
        assertThat(page.id()).isEqualTo("q123");
        assertThat(page.nodeId()).isEqualTo("n1");
        assertThat(page.state()).isEqualTo("Running");
        assertThat(page.error()).isNull();
        assertThat(page.warnings()).isEmpty();
        assertThat(page.schema()).containsExactly(new QueryResponse.SchemaField("number", "UInt64"));
        assertThat(page.data()).extracting(row -> row[0]).containsExactly("0", "1", "2", "3");
        assertThat(page.resultTimeoutSecs()).isEqualTo(3L);
        assertThat(page.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(page.binaryOutputFormat()).isEqualTo("HEX");
        assertThat(page.progress()).isEqualTo(new DatabendQueryProgress(8, 64, 0, 0, 8, 64, 8, 64, 0));
        assertThat(page.finalUri()).isEqualTo("/v1/query/q123/final");
        assertThat(page.nextUri()).isEqualTo("/v1/query/q123/page/1");
        assertThat(page.killUri()).isEqualTo("/v1/query/q123/kill");
        assertThat(page.isLastPage()).isFalse();
        SessionSnapshot session = page.session();
        assertThat(session.database()).isEqualTo("default");
        assertThat(session.txnState()).isEqualTo("AutoCommit");
        assertThat(session.needSticky()).isFalse();
        assertThat(session.needKeepAlive()).isFalse();
        assertThat(session.inTransaction()).isFalse();
        // the session travels back verbatim, `internal` still a JSON string
        assertThat(session.json()).startsWith("{\"catalog\":\"default\",\"database\":\"default\"")
                .contains("\"internal\":\"{\\\"last_node_id\\\":\\\"n1\\\",\\\"last_query_ids\\\":[\\\"q123\\\"]}\"");
    }

    @Test
    void laterPagesAndFinal() throws IOException {
        QueryResponse page1 = ResponseParser.parseQueryResponse(golden("02_select_numbers8_page1.json"));
        assertThat(page1.session()).isNull();
        assertThat(page1.data()).extracting(row -> row[0]).containsExactly("4", "5", "6", "7");
        assertThat(page1.isLastPage()).isFalse();
        QueryResponse drained = ResponseParser.parseQueryResponse(golden("03_select_numbers8_page2_drained.json"));
        assertThat(drained.data()).isEmpty();
        assertThat(drained.isLastPage()).isTrue();
        QueryResponse last = ResponseParser.parseQueryResponse(golden("04_select_numbers8_final.json"));
        assertThat(last.nextUri()).isNull();
        assertThat(last.isLastPage()).isTrue();
    }

    @Test
    void errorBodies() throws IOException {
        QueryResponse.QueryError notFound = ResponseParser.parseErrorBody(golden("07_error_404_invalid_page_number.json"));
        assertThat(notFound.code()).isEqualTo(404);
        assertThat(notFound.message()).isEqualTo("Invalid page number: requested 0, current page is 2");
        QueryResponse.QueryError closed = ResponseParser.parseErrorBody(golden("08_error_400_query_closed_finalized.json"));
        assertThat(closed.code()).isEqualTo(400);
        assertThat(closed.message()).isEqualTo("Query q123 is closed for finalized");
        assertThat(ResponseParser.parseErrorBody("[HTTP-PANIC] oops".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(ResponseParser.parseErrorBody(new byte[0])).isNull();
    }

    @Test
    void queryErrorWithDetailAndFloatRunningTime() throws IOException {
        byte[] body = ("{\"id\":\"q\",\"state\":\"Failed\",\"error\":{\"code\":1046,\"message\":\"bad\","
                + "\"detail\":\"at line 1\"},\"data\":[],\"stats\":{\"running_time_ms\":446.748083},"
                + "\"future_member\":{\"x\":[1,2]},\"next_uri\":\"/v1/query/q/final\"}").getBytes(StandardCharsets.UTF_8);
        QueryResponse page = ResponseParser.parseQueryResponse(body);
        assertThat(page.error()).isEqualTo(new QueryResponse.QueryError(1046, "bad", "at line 1"));
        assertThat(page.progress().runningTimeMillis()).isEqualTo(446);
        assertThat(page.isLastPage()).isTrue();
    }

    @Test
    void loginAndHeartbeatBodies() throws IOException {
        assertThat(ResponseParser.parseLoginVersion(("{\"version\":\"1.2.934-nightly\",\"session_id\":\"s\","
                + "\"tokens\":{\"session_token\":\"t\"}}").getBytes(StandardCharsets.UTF_8))).isEqualTo("1.2.934-nightly");
        assertThat(ResponseParser.parseQueriesToRemove("{\"queries_to_remove\":[\"a\",\"b\"]}"
                .getBytes(StandardCharsets.UTF_8))).containsExactly("a", "b");
    }

    @Test
    void nullCellsAndRowsWiderThanTheSchema() throws IOException {
        byte[] body = ("{\"schema\":[{\"name\":\"a\",\"type\":\"Nullable(String)\"}],"
                + "\"data\":[[null],[\"x\",\"y\"]],\"next_uri\":null}").getBytes(StandardCharsets.UTF_8);
        QueryResponse page = ResponseParser.parseQueryResponse(body);
        assertThat(page.data().get(0)).containsExactly((String) null);
        assertThat(page.data().get(1)).containsExactly("x", "y");
    }
}
