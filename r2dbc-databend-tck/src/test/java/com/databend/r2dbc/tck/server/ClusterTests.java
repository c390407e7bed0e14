package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Several nodes sharing one database and one user registry; sticky forwarding (docs/protocol.md §2.5, §4.4). */
class ClusterTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.nodes(3));

    private static DatabendTestServer server;

    private static Http node1;

    private static Http node2;

    @BeforeAll
    static void connect() {
        node1 = Http.root(server.nodeUrls().get(0));
        node2 = Http.root(server.nodeUrls().get(1));
    }

    @Test
    void nodesHaveTheirOwnIdsAndShareTheDatabaseAndUsers() {
        assertThat(server.nodeIds()).containsExactly("node-1", "node-2", "node-3");
        assertThat(server.nodeUrls()).hasSize(3).doesNotHaveDuplicates();
        assertThat(server.baseUrl()).isEqualTo(server.nodeUrls().get(0));
        assertThat(node1.query("select 1").json().get("node_id")).isEqualTo("node-1");
        assertThat(node2.query("select 1").json().get("node_id")).isEqualTo("node-2");

        assertThat(node1.query("create table shared_t(a int)").json().get("error")).isNull();
        assertThat(node1.query("insert into shared_t values (7)").json().get("error")).isNull();
        assertThat(node2.query("select a from shared_t").json().get("data")).isEqualTo(List.of(List.of("7")));

        assertThat(node1.query("create user dave identified by 'd'").json().get("error")).isNull();
        Http dave = new Http(server.nodeUrls().get(2)).with("Authorization", Http.basic("dave", "d"));
        assertThat(dave.query("select 1").status()).isEqualTo(200);
    }

    @Test
    void stickyNodeHeaderForwardsStartsAndPolls() {
        Map<String, Object> started = node1.query("select number from numbers(4) order by number",
            "\"pagination\":{\"max_rows_per_page\":2}", "X-DATABEND-STICKY-NODE", "node-2").json();
        String id = (String) started.get("id");
        assertThat(started.get("node_id")).isEqualTo("node-2");

        Http.Response notHere = node1.get("/v1/query/" + id + "/page/1");
        assertThat(notHere.status()).isEqualTo(404);
        assertThat((String) notHere.at("error.message")).isEqualTo("Query ID " + id + " not found on node node-1");

        Http.Response forwarded = node1.get("/v1/query/" + id + "/page/1", "X-DATABEND-STICKY-NODE", "node-2");
        assertThat(forwarded.status()).isEqualTo(200);
        assertThat(forwarded.json().get("data")).isEqualTo(List.of(List.of("2"), List.of("3")));
        assertThat(node2.get("/v1/query/" + id + "/final").status()).isEqualTo(200);
    }

    @Test
    void unknownStickyNodeIs400() {
        Http.Response response = node1.query("select 1", null, "X-DATABEND-STICKY-NODE", "node-42");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.at("error.code")).isEqualTo(400L);
        assertThat((String) response.at("error.message"))
            .contains("Sticky session state lost: node 'node-42' not found in cluster");
    }

    @Test
    void heartbeatEntriesForOtherNodesAreForwarded() {
        String id = (String) node2.query("select number from numbers(10)",
            "\"pagination\":{\"max_rows_per_page\":2}").json().get("id");
        String body = "{\"node_to_queries\":{\"node-2\":[\"" + id + "\"],\"node-1\":[\"" + id + "\"]}}";
        assertThat(node1.post("/v1/session/heartbeat", body).body())
            .isEqualTo("{\"queries_to_remove\":[\"" + id + "\"]}");
        node2.get("/v1/query/" + id + "/kill");
        assertThat(node1.post("/v1/session/heartbeat", body).body())
            .isEqualTo("{\"queries_to_remove\":[\"" + id + "\",\"" + id + "\"]}");
    }

    @Test
    void aTransactionContinuedOnAnotherNodeIs5111() {
        Map<String, Object> begin = node1.query("begin").json();
        String internal = ((String) Json.at(begin, "session.internal")).replace("\"", "\\\"");
        Map<String, Object> elsewhere = node2.query("select 1",
            "\"session\":{\"txn_state\":\"Active\",\"internal\":\"" + internal + "\"}").json();
        assertThat(Json.at(elsewhere, "error.code")).isEqualTo(5111L);

        Map<String, Object> sticky = node2.query("rollback",
            "\"session\":{\"txn_state\":\"Active\",\"internal\":\"" + internal + "\"}",
            "X-DATABEND-STICKY-NODE", "node-1").json();
        assertThat(sticky.get("error")).isNull();
        assertThat(Json.at(sticky, "session.txn_state")).isEqualTo("AutoCommit");
    }

    @Test
    void anExplicitPortGivesTheNodesConsecutivePorts() throws Exception {
        RuntimeException lastFailure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            if (port >= 65534) {
                continue;
            }
            try (DatabendTestServer consecutive = DatabendTestServer.builder().port(port).nodes(2).start()) {
                assertThat(consecutive.nodeUrls())
                    .containsExactly("http://127.0.0.1:" + port, "http://127.0.0.1:" + (port + 1));
                assertThat(consecutive.port()).isEqualTo(port);
                assertThat(new Http(consecutive.nodeUrls().get(1)).get("/health").body()).isEqualTo("ok");
                return;
            } catch (RuntimeException e) {
                lastFailure = e;
            }
        }
        throw new AssertionError("no two consecutive free ports found", lastFailure);
    }

    @Test
    void discoveryListsEveryNode() {
        Http.Response response = node1.get("/v1/discovery_nodes");
        assertThat(response.status()).isEqualTo(200);
        assertThat((List<?>) Json.parse(response.body())).hasSize(3);
    }
}
