package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.session.TempTableSessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code session} object, USE / SET / UNSET and their {@code affect}, temp tables in the session
 * (docs/protocol.md §2.3, §3.2, §3.3, §6).
 */
class SessionTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    private static Http http;

    @Test
    void setChangesSessionSettingsAsInTestAffect() {
        Map<String, Object> body = http.query("set max_threads=1",
            "\"session\":{\"settings\":{\"max_threads\":\"6\",\"timezone\":\"Asia/Shanghai\"}}").json();
        assertThat(body.get("state")).isEqualTo("Succeeded");
        assertThat(body.get("has_result_set")).isEqualTo(false);
        assertThat(body.get("affect")).isEqualTo(Map.of("type", "ChangeSettings", "keys", List.of("max_threads"),
            "values", List.of("1"), "is_globals", List.of(false)));
        assertThat(Json.keys(body.get("affect")))
            .containsExactly("type", "keys", "values", "is_globals");
        Map<?, ?> session = (Map<?, ?>) body.get("session");
        assertThat(session.get("settings")).isEqualTo(Map.of("max_threads", "1", "timezone", "Asia/Shanghai"));
        assertThat(Json.keys(session.get("settings"))).containsExactly("max_threads", "timezone");
        assertThat(session.get("catalog")).isEqualTo("default");
        assertThat(session.get("database")).isEqualTo("default");
        assertThat(session.get("role")).isEqualTo("account_admin");
        assertThat(session.get("txn_state")).isEqualTo("AutoCommit");
        assertThat(session.get("need_sticky")).isEqualTo(false);
        assertThat(Json.at(body, "settings.timezone")).isEqualTo("Asia/Shanghai");
        assertThat(body.get("next_uri")).isEqualTo("/v1/query/" + body.get("id") + "/final");
    }

    @Test
    void severalAssignmentsAndQuotedValues() {
        Map<String, Object> body = http.query("SET a_setting = 'x y', timezone = \"Europe/Paris\";").json();
        assertThat(Json.at(body, "affect.keys")).isEqualTo(List.of("a_setting", "timezone"));
        assertThat(Json.at(body, "affect.values")).isEqualTo(List.of("x y", "Europe/Paris"));
        assertThat(Json.at(body, "session.settings")).isEqualTo(Map.of("a_setting", "x y", "timezone", "Europe/Paris"));
    }

    @Test
    void unsetReportsTheDefaultAndRemovesTheSetting() {
        Map<String, Object> body = http.query("unset timezone",
            "\"session\":{\"settings\":{\"timezone\":\"Asia/Shanghai\",\"max_threads\":\"3\"}}").json();
        assertThat(body.get("affect")).isEqualTo(Map.of("type", "ChangeSettings", "keys", List.of("timezone"),
            "values", List.of("UTC"), "is_globals", List.of(false)));
        assertThat(Json.at(body, "session.settings")).isEqualTo(Map.of("max_threads", "3"));
        assertThat(Json.at(body, "settings.timezone")).isEqualTo("Asia/Shanghai");
    }

    @Test
    void setGlobalMarksIsGlobalsAndLeavesSessionSettings() {
        Map<String, Object> body = http.query("set global max_threads=2",
            "\"session\":{\"settings\":{\"max_threads\":\"6\"}}").json();
        assertThat(Json.at(body, "affect.is_globals")).isEqualTo(List.of(true));
        assertThat(Json.at(body, "session.settings")).isEqualTo(Map.of());
        http.query("unset global max_threads");
    }

    @Test
    void useChangesTheDatabaseAndUnknownDatabasesFail() {
        assertThat(http.query("create database if not exists db2").json().get("error")).isNull();
        Map<String, Object> use = http.query("use db2").json();
        assertThat(use.get("affect")).isEqualTo(Map.of("type", "UseDB", "name", "db2"));
        assertThat(Json.keys(use.get("affect"))).containsExactly("type", "name");
        assertThat(Json.at(use, "session.database")).isEqualTo("db2");

        Map<String, Object> unknown = http.query("USE no_such_db;").json();
        assertThat(unknown.get("state")).isEqualTo("Failed");
        assertThat(unknown.get("error")).isEqualTo(Map.of("code", 1003L, "message", "Unknown database 'no_such_db'"));

        Map<String, Object> inDb2 = http.query("create table in_db2(a int)",
            "\"session\":{\"database\":\"db2\"}").json();
        assertThat(inDb2.get("error")).isNull();
        assertThat(Json.at(inDb2, "session.database")).isEqualTo("db2");
        assertThat(http.query("select count(*) from db2.in_db2").json().get("data")).isEqualTo(List.of(List.of("0")));
    }

    @Test
    void initialSessionHasDefaultsAndInternalNamesThisQuery() {
        Map<String, Object> body = http.query("select 1").json();
        Map<?, ?> session = (Map<?, ?>) body.get("session");
        assertThat(Json.keys(session)).containsExactly("catalog", "database", "role", "settings",
            "txn_state", "need_sticky", "need_keep_alive", "internal");
        assertThat(session.get("settings")).isEqualTo(Map.of());
        assertThat(session.get("internal"))
            .isEqualTo("{\"last_node_id\":\"node-1\",\"last_query_ids\":[\"" + body.get("id") + "\"]}");
        assertThat(body.get("settings")).isEqualTo(Map.of("timezone", "UTC", "geometry_output_format", "GEOJSON",
            "binary_output_format", "HEX", "http_json_result_mode", "display"));
    }

    @Test
    void internalMembersTheServerDoesNotUseAreCarriedAlong() {
        String internal = "{\\\"variables\\\":[[\\\"v\\\",\\\"1\\\"]],\\\"last_query_ids\\\":[\\\"old\\\"]}";
        Map<String, Object> body = http.query("select 1", "\"session\":{\"internal\":\"" + internal + "\","
            + "\"secondary_roles\":[\"r1\"],\"need_sticky\":true}").json();
        assertThat(Json.at(body, "session.internal")).isEqualTo(
            "{\"variables\":[[\"v\",\"1\"]],\"last_node_id\":\"node-1\",\"last_query_ids\":[\"" + body.get("id") + "\"]}");
        assertThat(Json.at(body, "session.secondary_roles")).isEqualTo(List.of("r1"));
        assertThat(Json.at(body, "session.need_sticky")).isEqualTo(false);
    }

    @Test
    void sessionIsNullOnLaterPagesWhenUnchanged() {
        Map<String, Object> first = http.query("select number from numbers(4) order by number",
            "\"pagination\":{\"max_rows_per_page\":2}").json();
        assertThat(first.get("session")).isNotNull();
        Map<String, Object> second = http.get("/v1/query/" + first.get("id") + "/page/1").json();
        assertThat(second).containsKey("session");
        assertThat(second.get("session")).isNull();
        http.get("/v1/query/" + first.get("id") + "/final");
    }

    @Test
    void timezoneAndBinaryFormatSettingsAreReportedAndBadValuesFailToStart() {
        Map<String, Object> body = http.query("select 1",
            "\"session\":{\"settings\":{\"timezone\":\"America/New_York\",\"binary_output_format\":\"base64\"}}").json();
        assertThat(Json.at(body, "settings.timezone")).isEqualTo("America/New_York");
        assertThat(Json.at(body, "settings.binary_output_format")).isEqualTo("BASE64");

        Map<String, Object> bad = http.query("select 1", "\"session\":{\"settings\":{\"timezone\":\"Mars/Olympus\"}}")
            .json();
        assertThat(bad.get("id")).isEqualTo("");
        assertThat(bad.get("state")).isEqualTo("Failed");
        assertThat(Json.at(bad, "error.code")).isEqualTo(1006L);
        assertThat(bad).doesNotContainKeys("has_result_set", "settings");
    }

    @Test
    void timezoneAndBinaryFormatReachTheEngine() {
        String sql = "select to_timestamp(1639998061), unhex('6869')::binary";
        assertThat(http.query(sql).json().get("data"))
            .isEqualTo(List.of(List.of("2021-12-20 11:01:01.000000", "6869")));
        assertThat(http.query(sql, "\"session\":{\"settings\":{\"timezone\":\"Asia/Shanghai\","
            + "\"binary_output_format\":\"base64\"}}").json().get("data"))
            .isEqualTo(List.of(List.of("2021-12-20 19:01:01.000000", "aGk=")));

        Map<String, Object> set = http.query("set timezone = 'America/New_York'").json();
        String settings = "\"session\":{\"settings\":{\"timezone\":\"" + Json.at(set, "session.settings.timezone") + "\"}}";
        Map<String, Object> after = http.query(sql, settings).json();
        assertThat(Json.at(after, "data.0.0")).isEqualTo("2021-12-20 06:01:01.000000");
        assertThat(Json.at(after, "settings.timezone")).isEqualTo("America/New_York");
    }

    @Test
    void internalMustBeAString() {
        Http.Response response = http.query("select 1", "\"session\":{\"internal\":{\"last_query_ids\":[]}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat((String) response.at("error.message")).startsWith("parse error: invalid type: map, expected a string");
    }

    @Test
    void aTempTableOfAnUnknownDatabaseIsRefusedAndATempSchemaGoesWithItsLastTable() {
        String clientSession = UUID.randomUUID().toString();
        String cookie = "session_id=" + clientSession;

        Map<String, Object> refused = http.query("CREATE TEMP TABLE no_such_db.t (a INT)", null, "Cookie", cookie)
            .json();
        assertThat(refused.get("state")).isEqualTo("Failed");
        assertThat(refused.get("error")).isEqualTo(Map.of("code", 1003L, "message", "Unknown database 'no_such_db'"));
        assertThat(Json.at(refused, "session.need_keep_alive")).isEqualTo(false);
        assertThat((String) Json.at(refused, "session.internal")).doesNotContain("has_temp_table");
        assertThat(tempSchemas(clientSession)).isZero();

        Map<String, Object> created = http.query("CREATE TEMP TABLE t (a INT)", null, "Cookie", cookie).json();
        assertThat(Json.at(created, "session.need_keep_alive")).isEqualTo(true);
        assertThat(tempSchemas(clientSession)).isOne();
        String internal = ((String) Json.at(created, "session.internal")).replace("\"", "\\\"");
        Map<String, Object> dropped = http.query("DROP TABLE t", "\"session\":{\"internal\":\"" + internal + "\"}",
            "Cookie", cookie).json();
        assertThat(dropped.get("error")).isNull();
        assertThat(Json.at(dropped, "session.need_keep_alive")).isEqualTo(false);
        assertThat(tempSchemas(clientSession)).isZero();
    }

    /** How many engine schemas hold temp tables of the client session. */
    private static long tempSchemas(String clientSession) {
        Object count = http.query("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE '"
            + TempTableSessions.schemaPrefix("root", clientSession) + "%'").json().get("data");
        return Long.parseLong((String) ((List<?>) ((List<?>) count).get(0)).get(0));
    }
}
