package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's responses compared member by member with the responses recorded from real Databend servers
 * (golden 01–08 and 10–13): member names and order, JSON types, null versus absent, status codes, error bodies.
 */
class GoldenResponseTests {

    private static final String NUMBERS_8 = "select number from numbers(8) order by number";

    private static final String GOLDEN_REQUEST_MEMBERS =
        "\"pagination\": {\"wait_time_secs\": 2, \"max_rows_per_page\": 4, \"max_rows_in_buffer\": 4},"
            + "\"session\": {\"settings\": {\"http_handler_result_timeout_secs\": \"3\", \"timezone\": \"Asia/Shanghai\","
            + "\"geometry_output_format\": \"EWKB\"}}";

    /**
     * The values the meta files of golden 01–08 name as normalised by the recording test: the running time (set to
     * 0) and the scan progress (illustrative). Every other member of {@code stats} is compared.
     */
    private static final Set<String> NORMALISED = Set.of("stats.running_time_ms", "stats.scan_progress");

    /** Page 0 also differs in the rows read so far: see the test. */
    private static final Set<String> PAGE_ZERO_READ_AHEAD = Set.of("stats.running_time_ms", "stats.scan_progress",
        "stats.result_progress", "stats.total_scan");

    private static final ScriptedEngine ENGINE = new ScriptedEngine()
        .script("copy into products from @s1/", ScriptedEngine.failing(new DatabendError(1046,
            "Number of columns in file (2) does not match that of the corresponding table (3)",
            "at file 'select.csv', line 1")));

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.engine(() -> ENGINE));

    private static DatabendTestServer server;

    private static Http http;

    @Test
    void multiPageSelectLifecycleMatchesGoldenZeroOneToZeroEight() {
        Http.Response page0 = http.query(NUMBERS_8, GOLDEN_REQUEST_MEMBERS);
        assertThat(page0.status()).isEqualTo(200);
        Map<String, Object> first = page0.json();
        String id = (String) first.get("id");
        String node = (String) first.get("node_id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(node).isEqualTo("node-1");
        Golden.assertSameResponse(Golden.load("01_select_numbers8_page0.json", id, node), first,
            PAGE_ZERO_READ_AHEAD);
        // Databend had the whole 8-row block of numbers(8) when it answered; the embedded server reads rows one
        // by one and stops one row after a page (Pagination.bufferRows), so it has seen 5 rows of 8 bytes
        assertThat(Json.at(first, "stats.result_progress")).isEqualTo(Map.of("rows", 5L, "bytes", 40L));
        assertThat(Json.at(first, "stats.total_scan")).isEqualTo(Map.of("rows", 5L, "bytes", 40L));
        assertThat(page0.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        assertThat(page0.header("X-DATABEND-QUERY-ID")).isEqualTo(id);
        assertThat(page0.header("X-DATABEND-QUERY-STATE")).isEqualTo("Running");
        assertThat(page0.header("X-DATABEND-QUERY-PAGE-ROWS")).isEqualTo("4");
        assertThat(page0.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");

        Object heartbeatRequest = Json.at(Golden.load("06_heartbeat.json", id, node), "request_body");
        String heartbeatBody = "{\"node_to_queries\":{\"" + node + "\":[\"" + id + "\"]}}";
        assertThat(Json.parse(heartbeatBody)).isEqualTo(heartbeatRequest);
        Http.Response beat = http.post("/v1/session/heartbeat", heartbeatBody);
        assertThat(beat.status()).isEqualTo(200);
        Golden.assertSameResponse(
            Json.at(Golden.load("06_heartbeat.json", id, node), "response_body_while_result_not_drained"),
            Json.parse(beat.body()), Set.of());

        Object expectedPage1 = Golden.load("02_select_numbers8_page1.json", id, node);
        Http.Response page1 = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            page1 = http.get("/v1/query/" + id + "/page/1", "X-DATABEND-STICKY-NODE", node);
            assertThat(page1.status()).isEqualTo(200);
            Golden.assertSameResponse(expectedPage1, page1.json(), NORMALISED);
        }
        assertThat(Json.at(page1.json(), "stats.result_progress.rows")).isEqualTo(8L);

        Http.Response state = http.get("/v1/query/" + id);
        assertThat(state.status()).isEqualTo(200);
        Golden.assertSameResponse(Golden.load("05_query_state_GET_stats_uri.json", id, node), state.json(),
            NORMALISED);

        Http.Response drainedBeat = http.post("/v1/session/heartbeat", heartbeatBody);
        Golden.assertSameResponse(
            Json.at(Golden.load("06_heartbeat.json", id, node), "response_body_after_drained_or_closed"),
            Json.parse(drainedBeat.body()), Set.of());

        Http.Response page2 = http.get("/v1/query/" + id + "/page/2");
        assertThat(page2.status()).isEqualTo(200);
        Golden.assertSameResponse(Golden.load("03_select_numbers8_page2_drained.json", id, node), page2.json(),
            NORMALISED);

        Http.Response outOfWindow = http.get("/v1/query/" + id + "/page/0");
        assertThat(outOfWindow.status()).isEqualTo(404);
        Golden.assertSameResponse(Golden.load("07_error_404_invalid_page_number.json", id, node),
            outOfWindow.json(), Set.of());

        Object expectedFinal = Golden.load("04_select_numbers8_final.json", id, node);
        for (int attempt = 0; attempt < 3; attempt++) {
            Http.Response fin = attempt == 1 ? http.post("/v1/query/" + id + "/final", "")
                : http.get("/v1/query/" + id + "/final");
            assertThat(fin.status()).isEqualTo(200);
            Golden.assertSameResponse(expectedFinal, fin.json(), NORMALISED);
        }

        Http.Response closed = http.get("/v1/query/" + id + "/page/0");
        assertThat(closed.status()).isEqualTo(400);
        Golden.assertSameResponse(Golden.load("08_error_400_query_closed_finalized.json", id, node), closed.json(),
            Set.of());
    }

    @Test
    void sqlErrorHasTheShapeOfGoldenTen() {
        Http.Response response = http.query("select a", "\"pagination\": {\"wait_time_secs\": 5}");
        assertThat(response.status()).isEqualTo(200);
        Map<String, Object> body = response.json();
        assertThat(body.get("state")).isEqualTo("Failed");
        Object expected = Json.parse(Golden.read("10_sql_error_1065_select_a.error.json"));
        Golden.assertSameResponse(expected, body.get("error"), Set.of());
        assertThat(body.get("data")).isEqualTo(List.of());
        assertThat(body.get("next_uri")).isEqualTo("/v1/query/" + body.get("id") + "/final");
    }

    @Test
    void serverSideParamsGiveTheDataOfGoldenNineteen() {
        assertThat(http.query("SELECT ?, ?, ?", "\"params\": [42, \"hello\", true]").json().get("data"))
            .isEqualTo(List.of(List.of("42", "hello", "1")));
        assertThat(http.query("SELECT :age, :name", "\"params\": {\"age\": 30, \"name\": \"Alice\"}").json()
            .get("data")).isEqualTo(List.of(List.of("30", "Alice")));
        assertThat(http.query("SELECT ?, ?", "\"params\": [null, false]").json().get("data"))
            .isEqualTo(List.of(java.util.Arrays.asList(null, "0")));
        assertThat(http.query("SELECT ?", "\"params\": [\"Robert'); DROP TABLE t_params_test;--\"]").json()
            .get("data")).isEqualTo(List.of(List.of("Robert'); DROP TABLE t_params_test;--")));
        assertThat(Json.at(http.query("SELECT ?, ?", "\"params\": [1]").json(), "error.code")).isEqualTo(1006L);
        assertThat(Json.at(http.query("SELECT :missing", "\"params\": {\"other\": 1}").json(), "error.code"))
            .isEqualTo(1006L);
    }

    @Test
    void malformedJsonIsGoldenEleven() {
        Http.Response response = http.post("/v1/query/",
            "{sql\": \"select * from tx\", \"pagination\": { \"wait_time_secs\": 2}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(Golden.read("11_http_400_malformed_request_json.json").strip());
    }

    @Test
    void unknownRouteIsGoldenTwelve() {
        Http.Response response = http.post("/v1/querq/", "{\"sql\": \"select 1\"}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(Golden.read("12_http_404_unknown_route.json").strip());
        assertThat(response.header("X-DATABEND-VERSION")).isEqualTo("1.2.934-nightly");
    }

    @Test
    void errorDetailIsWrittenAsInGoldenThirteen() {
        Http.Response response = http.query("copy into products from @s1/", "\"pagination\": {\"wait_time_secs\": 6}");
        assertThat(response.status()).isEqualTo(200);
        Golden.assertSameResponse(Json.parse(Golden.read("13_sql_error_1046_with_detail.error.json")),
            response.json().get("error"), Set.of());
    }
}
