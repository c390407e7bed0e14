package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming parser against every recorded response body, legacy and error ones included. */
class ResponseParserTests {

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = ResponseParserTests.class.getResourceAsStream("/databend-golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${QUERY_ID}", "q123").replace("${NODE_ID}", "n1").getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theSessionsWarehouseSettingIsReadAndTheSessionKeptVerbatim() throws IOException {
        String json = "{\"database\":\"default\",\"settings\":{\"max_threads\":\"4\",\"warehouse\":\"w1\"},"
                + "\"txn_state\":\"AutoCommit\",\"need_sticky\":false,\"need_keep_alive\":false}";

        SessionSnapshot session = ResponseParser.parseSession(json.getBytes(StandardCharsets.UTF_8));

        assertThat(session).isEqualTo(new SessionSnapshot(json, "default", "AutoCommit", false, false, "w1"));
        assertThat(ResponseParser.parseSession("{\"settings\":{\"warehouse\":\"\"}}".getBytes(StandardCharsets.UTF_8))
                .warehouse()).isNull();
        assertThat(ResponseParser.parseSession("{\"settings\":null,\"need_sticky\":true}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new SessionSnapshot(
                "{\"settings\":null,\"need_sticky\":true}", null, null, true, false, null));
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
        assertThat(page.rowsAsStrings()).extracting(row -> row[0]).containsExactly("0", "1", "2", "3");
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
        assertThat(page1.rowsAsStrings()).extracting(row -> row[0]).containsExactly("4", "5", "6", "7");
        assertThat(page1.isLastPage()).isFalse();
        QueryResponse drained = ResponseParser.parseQueryResponse(golden("03_select_numbers8_page2_drained.json"));
        assertThat(drained.rowsAsStrings()).isEmpty();
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
        assertThat(page.rowsAsStrings().get(0)).containsExactly((String) null);
        assertThat(page.rowsAsStrings().get(1)).containsExactly("x", "y");
    }

    @Test
    void stateResponseOfGolden05() throws IOException {
        QueryResponse state = ResponseParser.parseQueryResponse(golden("05_query_state_GET_stats_uri.json"));
        assertThat(state.state()).isEqualTo("Succeeded");
        assertThat(state.error()).isNull();
        assertThat(state.warnings()).isEmpty();
        assertThat(state.progress()).isEqualTo(new DatabendQueryProgress(8, 64, 0, 0, 8, 64, 8, 64, 0));
        assertThat(state.schema()).isEmpty();
        assertThat(state.rowsAsStrings()).isEmpty();
        assertThat(state.nextUri()).isNull();
    }

    @Test
    void heartbeatResponsesOfGolden06() throws IOException {
        String recorded = new String(golden("06_heartbeat.json"), StandardCharsets.UTF_8);
        assertThat(ResponseParser.parseQueriesToRemove(member(recorded, "response_body_while_result_not_drained")))
                .isEmpty();
        assertThat(ResponseParser.parseQueriesToRemove(member(recorded, "response_body_after_drained_or_closed")))
                .containsExactly("q123");
    }

    @Test
    void queryErrorsOfGolden10And13BecomeTypedExceptions() throws IOException {
        QueryResponse.QueryError unknownColumn = errorMember(golden("10_sql_error_1065_select_a.error.json"));
        assertThat(unknownColumn).isEqualTo(new QueryResponse.QueryError(1065,
                "error: \n  --> SQL:1:8\n  |\n1 | select a\n  |        ^ column a doesn't exist\n\n", null));
        assertThat(ExceptionFactory.server(unknownColumn.code(), 200, unknownColumn.message(), unknownColumn.detail(),
                "q123"))
                .isInstanceOf(R2dbcBadGrammarException.class)
                .hasMessage("[1065] error: \n  --> SQL:1:8\n  |\n1 | select a\n  |        ^ column a doesn't exist"
                        + " [query id q123]")
                .satisfies(e -> assertThat(e.getSqlState()).isEqualTo("42000"));

        QueryResponse.QueryError columnCount = errorMember(golden("13_sql_error_1046_with_detail.error.json"));
        assertThat(columnCount).isEqualTo(new QueryResponse.QueryError(1046,
                "Number of columns in file (2) does not match that of the corresponding table (3)",
                "at file 'select.csv', line 1"));
        assertThat(ExceptionFactory.server(columnCount.code(), 200, columnCount.message(), columnCount.detail(), "q123"))
                .isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .hasMessage("[1046] Number of columns in file (2) does not match that of the corresponding table (3)"
                        + " (at file 'select.csv', line 1) [query id q123]")
                .satisfies(e -> assertThat(e.getSqlState()).isEqualTo("22000"));
    }

    @Test
    void httpErrorBodiesOfGolden11And12() throws IOException {
        assertThat(ExceptionFactory.response(new HttpResult(400, List.of(), null,
                golden("11_http_400_malformed_request_json.json")), "q123"))
                .isInstanceOf(R2dbcNonTransientResourceException.class)
                .hasMessage("[400] parse error: key must be a string at line 1 column 2 [HTTP 400] [query id q123]");
        assertThat(ExceptionFactory.response(new HttpResult(404, List.of(), null,
                golden("12_http_404_unknown_route.json")), "q123"))
                .isInstanceOf(R2dbcNonTransientResourceException.class)
                .hasMessage("[404] not found [HTTP 404] [query id q123]");
    }

    @Test
    void legacyKillAndRouteErrorsOfGolden14And15() throws IOException {
        String kill = new String(golden("14_kill_then_page_then_final_LEGACY_MSG.result.txt"), StandardCharsets.UTF_8);
        String pageBody = kill.lines().filter(line -> line.startsWith("{\"error\"")).findFirst().orElseThrow();
        assertThat(ResponseParser.parseErrorBody(pageBody.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new QueryResponse.QueryError(400, "[HTTP-QUERY] Query ID QID canceled", null));
        QueryResponse.QueryError canceled = errorMember(
                kill.substring(kill.indexOf("## final\n") + "## final\n".length()).getBytes(StandardCharsets.UTF_8));
        assertThat(canceled).isEqualTo(new QueryResponse.QueryError(1043, "canceled by client", null));
        assertThat(ExceptionFactory.server(canceled.code(), 200, canceled.message(), null, "q123"))
                .isInstanceOf(R2dbcTimeoutException.class)
                .hasMessage("[1043] canceled by client [query id q123]");

        String route = new String(golden("15_route_error_LEGACY_MSG.result.txt"), StandardCharsets.UTF_8);
        List<QueryResponse.QueryError> routeErrors = route.lines().filter(line -> line.startsWith("{\"error\""))
                .map(line -> ResponseParser.parseErrorBody(line.getBytes(StandardCharsets.UTF_8))).toList();
        assertThat(routeErrors).hasSize(3).containsOnly(new QueryResponse.QueryError(404, "[HTTP-QUERY] Routing error:"
                + " query QID should be on server XXX, but current server is NODE, which started ... ago)", null));
    }

    @Test
    void legacyResultBodiesL1L3L6L7() throws IOException {
        QueryResponse numbers = ResponseParser.parseQueryResponse(golden("L1_legacy_v0.9_select_float64_uint64.json"));
        assertLegacySucceeded(numbers, "5c4e776a-8171-462a-b2d3-6a34823d0552");
        assertThat(numbers.schema()).containsExactly(new QueryResponse.SchemaField("(number / 3)", "Float64"),
                new QueryResponse.SchemaField("(number + 1)", "UInt64"));
        assertThat(numbers.rowsAsStrings()).hasSize(10);
        assertThat(numbers.rowsAsStrings().get(1)).containsExactly("0.3333333333333333", "2");
        assertThat(numbers.progress()).isEqualTo(new DatabendQueryProgress(10, 80, 0, 0, 10, 160, 0, 0, 1));

        QueryResponse dates = ResponseParser.parseQueryResponse(golden("L3_legacy_v0.9_date_timestamp.json"));
        assertLegacySucceeded(dates, "1fbbaf5b-8807-47d3-bb9c-122a3b7c527c");
        assertThat(dates.schema()).containsExactly(new QueryResponse.SchemaField("date", "Date"),
                new QueryResponse.SchemaField("ts", "Timestamp"));
        assertThat(dates.rowsAsStrings()).hasSize(6);
        assertThat(dates.progress().runningTimeMillis()).isEqualTo(7);

        QueryResponse mixed = ResponseParser.parseQueryResponse(
                golden("L6_legacy_v0.9_int8_variant_timestamp_string_array.json"));
        assertLegacySucceeded(mixed, "eecb2440-0180-45cb-8b21-23f4a9975df3");
        assertThat(mixed.schema()).extracting(QueryResponse.SchemaField::type)
                .containsExactly("Int8", "Variant", "Timestamp", "String", "Array(Int64)");
        assertThat(mixed.rowsAsStrings()).singleElement().satisfies(row -> assertThat(row).containsExactly("1",
                "{\"a\": 1,\"b\": 2}", "1983-07-12 21:30:55.888000", "hello world, 你好", "[1,2,3,4,5]"));

        QueryResponse variants = ResponseParser.parseQueryResponse(golden("L7_legacy_v0.9_nullable_variant.json"));
        assertLegacySucceeded(variants, "d74b2471-3a15-45e2-9ef4-ca8a39505661");
        assertThat(variants.schema()).containsExactly(new QueryResponse.SchemaField("var", "Nullable(Variant)"));
        assertThat(variants.rowsAsStrings()).extracting(row -> row[0]).containsExactly("1", "1.34", "true",
                "[1,2,3,[\"a\",\"b\",\"c\"]]", "{\"a\":1,\"b\":{\"c\":2}}");
    }

    @Test
    void legacyErrorAndSessionBodiesL2L4L5() throws IOException {
        QueryResponse failed = ResponseParser.parseQueryResponse(golden("L2_legacy_v0.9_error_1065_unknown_column.json"));
        assertThat(failed.id()).isEmpty();
        assertThat(failed.state()).isEqualTo("Failed");
        assertThat(failed.session()).isNull();
        assertThat(failed.error()).isEqualTo(new QueryResponse.QueryError(1065,
                "error: \n  --> SQL:1:8\n  |\n1 | select error\n  |        ^^^^^ column doesn't exist\n\n", null));
        assertThat(failed.finalUri()).isNull();
        assertThat(failed.nextUri()).isNull();
        assertThat(failed.killUri()).isNull();
        assertThat(failed.isLastPage()).isTrue();
        assertThat(failed.progress()).isEqualTo(DatabendQueryProgress.NONE);

        QueryResponse use = ResponseParser.parseQueryResponse(golden("L4_legacy_v0.9_use_db_affect.json"));
        assertLegacySucceeded(use, "d0aa3285-0bf5-42da-b06b-0d3db55f10bd");
        assertThat(use.session()).isEqualTo(new SessionSnapshot("{\"database\":\"db2\"}", "db2", null, false, false));
        assertThat(use.schema()).isEmpty();
        assertThat(use.rowsAsStrings()).isEmpty();

        QueryResponse set = ResponseParser.parseQueryResponse(golden("L5_legacy_v0.9_set_affect_change_settings.json"));
        assertLegacySucceeded(set, "a59cf8ff-f8a0-4bf6-bb90-120d3ea140c0");
        assertThat(set.session()).isEqualTo(new SessionSnapshot("{\"settings\":{\"max_threads\":\"1\"}}", null, null,
                false, false));
    }

    /** A legacy (v0.9) body of a finished query: no node id, warnings, settings or result timeout. */
    private static void assertLegacySucceeded(QueryResponse response, String id) {
        assertThat(response.id()).isEqualTo(id);
        assertThat(response.nodeId()).isNull();
        assertThat(response.state()).isEqualTo("Succeeded");
        assertThat(response.error()).isNull();
        assertThat(response.warnings()).isEmpty();
        assertThat(response.resultTimeoutSecs()).isNull();
        assertThat(response.timezone()).isNull();
        assertThat(response.binaryOutputFormat()).isNull();
        assertThat(response.finalUri()).isEqualTo("/v1/query/" + id + "/final");
        assertThat(response.nextUri()).isEqualTo("/v1/query/" + id + "/final");
        assertThat(response.killUri()).isEqualTo("/v1/query/" + id + "/kill");
        assertThat(response.isLastPage()).isTrue();
    }

    /** A recorded {@code error} object, read by the driver as the member of a failed query's response. */
    private static QueryResponse.QueryError errorMember(byte[] errorObject) throws IOException {
        String body = "{\"state\":\"Failed\",\"error\":" + new String(errorObject, StandardCharsets.UTF_8) + "}";
        return ResponseParser.parseQueryResponse(body.getBytes(StandardCharsets.UTF_8)).error();
    }

    /** The JSON text of the top-level {@code member} of a recorded object that bundles several bodies. */
    private static byte[] member(String recorded, String member) throws IOException {
        try (JsonParser parser = ResponseParser.JSON.createParser(recorded)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                int from = (int) parser.currentTokenLocation().getCharOffset();
                parser.skipChildren();
                if (name.equals(member)) {
                    int to = (int) parser.currentLocation().getCharOffset();
                    return recorded.substring(from, to).getBytes(StandardCharsets.UTF_8);
                }
            }
        }
        throw new IllegalArgumentException("no member " + member);
    }
}
