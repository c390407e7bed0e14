package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BEGIN / COMMIT / ROLLBACK over HTTP and the session checks of an active transaction (docs/protocol.md §2.3, §3.5,
 * golden 17).
 */
class TransactionTests {

    private static final ScriptedEngine ENGINE = new ScriptedEngine();

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.engine(() -> ENGINE));

    private static DatabendTestServer server;

    private static Http http;

    /** The session member of a response, as JSON text to send back. */
    private static String sessionOf(Http.Response response) {
        Map<?, ?> session = (Map<?, ?>) response.json().get("session");
        StringBuilder json = new StringBuilder("\"session\":{");
        json.append("\"database\":\"").append(session.get("database")).append("\",");
        json.append("\"txn_state\":\"").append(session.get("txn_state")).append("\",");
        json.append("\"internal\":\"").append(((String) session.get("internal")).replace("\"", "\\\"")).append("\"}");
        return json.toString();
    }

    private static Http.Response run(String sql, String session) {
        Http.Response response = http.query(sql, session, "X-DATABEND-STICKY-NODE", "node-1");
        assertThat(response.status()).isEqualTo(200);
        return response;
    }

    private static long count(String table) {
        return Long.parseLong((String) Json.at(http.query("select count(*) from " + table).json(), "data.0.0"));
    }

    @Test
    void beginActivatesCommitPersistsAndEndsIt() {
        run("create table txn_commit(a int)", null);
        Http.Response begin = run("BEGIN", null);
        Map<String, Object> body = begin.json();
        assertThat(Json.at(body, "session.txn_state")).isEqualTo("Active");
        assertThat(Json.at(body, "session.need_sticky")).isEqualTo(true);
        assertThat(Json.at(body, "session.need_keep_alive")).isEqualTo(true);
        assertThat(body.get("has_result_set")).isEqualTo(false);

        Http.Response insert = run("insert into txn_commit values (1), (2)", sessionOf(begin));
        assertThat(Json.at(insert.json(), "session.txn_state")).isEqualTo("Active");
        assertThat(Json.at(insert.json(), "data")).isEqualTo(List.of(List.of("2")));
        assertThat(Json.at(insert.json(), "stats.write_progress.rows")).isEqualTo(2L);
        assertThat(Json.at(insert.json(), "session.internal")).isEqualTo(
            "{\"last_node_id\":\"node-1\",\"last_query_ids\":[\"" + insert.json().get("id") + "\"]}");

        Http.Response inside = run("select count(*) from txn_commit", sessionOf(insert));
        assertThat(Json.at(inside.json(), "data.0.0")).isEqualTo("2");

        Http.Response commit = run("commit", sessionOf(inside));
        assertThat(Json.at(commit.json(), "session.txn_state")).isEqualTo("AutoCommit");
        assertThat(Json.at(commit.json(), "session.need_sticky")).isEqualTo(false);
        assertThat(commit.json().get("error")).isNull();
        assertThat(count("txn_commit")).isEqualTo(2);
        QueryLifecycleTests.eventually(() -> ENGINE.openSessions() == 0, "no engine session stays open");
    }

    @Test
    void rollbackDiscardsTheChanges() {
        run("create table txn_rollback(a int)", null);
        Http.Response begin = run("begin transaction", null);
        Http.Response insert = run("insert into txn_rollback values (1)", sessionOf(begin));
        Http.Response rollback = run("ROLLBACK;", sessionOf(insert));
        assertThat(Json.at(rollback.json(), "session.txn_state")).isEqualTo("AutoCommit");
        assertThat(count("txn_rollback")).isZero();
    }

    @Test
    void anErrorFailsTheTransactionUntilItEnds() {
        run("create table txn_fail(a int)", null);
        Http.Response begin = run("begin", null);
        Http.Response insert = run("insert into txn_fail values (1)", sessionOf(begin));
        Http.Response error = run("select no_such_column from txn_fail", sessionOf(insert));
        assertThat(error.json().get("state")).isEqualTo("Failed");
        assertThat(Json.at(error.json(), "session.txn_state")).isEqualTo("Fail");
        assertThat(Json.at(error.json(), "session.need_sticky")).isEqualTo(false);

        Http.Response ignored = run("select 1", sessionOf(error));
        assertThat(ignored.json().get("error")).isEqualTo(Map.of("code", 4002L,
            "message", "Current transaction is aborted, commands ignored until end of transaction block"));
        assertThat(Json.at(ignored.json(), "session.txn_state")).isEqualTo("Fail");

        Http.Response commit = run("commit", sessionOf(ignored));
        assertThat(commit.json().get("state")).isEqualTo("Succeeded");
        assertThat(Json.at(commit.json(), "session.txn_state")).isEqualTo("AutoCommit");
        assertThat(count("txn_fail")).isZero();
        QueryLifecycleTests.eventually(() -> ENGINE.openSessions() == 0, "the failed transaction is released");
    }

    @Test
    void aResultClosedEarlyLeavesTheTransactionUsableButAKilledOneFailsIt() {
        run("create table txn_early(a int)", null);
        Http.Response begin = run("begin", null);
        Http.Response select = http.query("select number from numbers(100)",
            sessionOf(begin) + ",\"pagination\":{\"max_rows_per_page\":2}", "X-DATABEND-STICKY-NODE", "node-1");
        assertThat(select.json().get("state")).isEqualTo("Running");
        http.get("/v1/query/" + select.json().get("id") + "/final");
        Http.Response insert = run("insert into txn_early values (1)", sessionOf(select));
        assertThat(insert.json().get("error")).isNull();
        assertThat(Json.at(insert.json(), "session.txn_state")).isEqualTo("Active");

        Http.Response killed = http.query("select number from numbers(100)",
            sessionOf(insert) + ",\"pagination\":{\"max_rows_per_page\":2}", "X-DATABEND-STICKY-NODE", "node-1");
        http.get("/v1/query/" + killed.json().get("id") + "/kill");
        Http.Response after = run("insert into txn_early values (2)", sessionOf(killed));
        assertThat(Json.at(after.json(), "error.code")).isEqualTo(4002L);
        assertThat(Json.at(run("rollback", sessionOf(after)).json(), "session.txn_state")).isEqualTo("AutoCommit");
        assertThat(count("txn_early")).isZero();
    }

    @Test
    void failStateSentByTheClientGives4002AsInGolden17() {
        Map<String, Object> body = run("select 1", "\"session\": {\"txn_state\": \"Fail\"}").json();
        assertThat(Json.at(body, "session.txn_state")).isEqualTo("Fail");
        assertThat(Json.at(body, "error.code")).isEqualTo(4002L);
    }

    @Test
    void activeWithoutInternalFailsToStartWith5112AsInGolden17() {
        Map<String, Object> body = run("select 1", "\"session\": {\"txn_state\": \"Active\"}").json();
        assertThat(Json.at(body, "session.txn_state")).isEqualTo("Fail");
        assertThat(body.get("error")).isEqualTo(Map.of("code", 5112L,
            "message", "Transaction is active but missing server_info"));
        assertThat(List.copyOf(body.keySet())).containsExactly("id", "session_id", "node_id", "state", "session",
            "error", "warnings", "schema", "data", "affect", "result_timeout_secs", "stats", "stats_uri", "final_uri",
            "next_uri", "kill_uri");
        assertThat(body.get("id")).isEqualTo("");
        assertThat(body).containsEntry("session_id", null).containsEntry("node_id", "")
            .containsEntry("next_uri", null).containsEntry("result_timeout_secs", null);
    }

    @Test
    void activeWithEmptyLastQueryIdsIs5112() {
        Map<String, Object> body = run("select 1",
            "\"session\":{\"txn_state\":\"Active\",\"internal\":\"{\\\"last_node_id\\\":\\\"node-1\\\"}\"}").json();
        assertThat(Json.at(body, "error.code")).isEqualTo(5112L);
        assertThat(Json.at(body, "error.message")).isEqualTo("Transaction is active but last_query_ids is empty");
    }

    @Test
    void activeOnAnotherNodeIs5111() {
        Map<String, Object> body = run("select 1", "\"session\":{\"txn_state\":\"Active\",\"internal\":"
            + "\"{\\\"last_node_id\\\":\\\"node-9\\\",\\\"last_query_ids\\\":[\\\"q\\\"]}\"}").json();
        assertThat(Json.at(body, "error.code")).isEqualTo(5111L);
        assertThat((String) Json.at(body, "error.message"))
            .startsWith("Transaction aborted because server restart or route error");
        assertThat(Json.at(body, "session.txn_state")).isEqualTo("Fail");
    }

    @Test
    void activeWithAnUnknownLastQueryIs4003() {
        Map<String, Object> body = run("select 1", "\"session\":{\"txn_state\":\"Active\",\"internal\":"
            + "\"{\\\"last_node_id\\\":\\\"node-1\\\",\\\"last_query_ids\\\":[\\\"gone\\\"]}\"}").json();
        assertThat(body.get("error")).isEqualTo(Map.of("code", 4003L,
            "message", "Transaction timeout: last_query_id gone not found on this server"));
    }

    @Test
    void reusingAnOlderStatementOfTheTransactionIs4003() {
        Http.Response begin = run("begin", null);
        Http.Response first = run("select 1", sessionOf(begin));
        assertThat(first.json().get("error")).isNull();
        Http.Response stale = run("select 2", sessionOf(begin));
        assertThat(Json.at(stale.json(), "error.code")).isEqualTo(4003L);
        run("rollback", sessionOf(first));
    }

    @Test
    void commitAndRollbackOutsideATransactionSucceed() {
        assertThat(run("commit", null).json().get("state")).isEqualTo("Succeeded");
        assertThat(run("abort", null).json().get("state")).isEqualTo("Succeeded");
    }
}
