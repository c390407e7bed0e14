package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.DatabendTarget;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transaction stays on the node that began it although its requests reach alternate nodes: a proxy sends each
 * request to the next node in turn, and the driver names the transaction's node in {@code X-DATABEND-STICKY-NODE}
 * (docs/protocol.md §2.5). On the embedded server, with two nodes, the test observes which node answered each
 * request; against {@code DATABEND_URL} (one node behind the proxy) it checks the transaction's behaviour.
 */
class StickyTransactionIntegrationTests {

    /** The two-node embedded server, or {@code null} against a real Databend. */
    private static DatabendTestServer cluster;

    private static ForwardingProxy proxy;

    /** Connections through the proxy, whose pages of two rows make a SELECT several requests. */
    private static ConnectionFactory alternating;

    /** Connections straight to one node, for what the transaction's connection should not do itself. */
    private static ConnectionFactory direct;

    @BeforeAll
    static void start() {
        DatabendTarget target = TestDatabend.target();
        DatabendTarget nodes = target;
        if (target.isEmbedded()) {
            cluster = DatabendTestServer.builder().port(0).nodes(2).start();
            nodes = DatabendTarget.of(cluster.baseUrl());
        }
        List<URI> upstreams = cluster == null ? List.of(target.httpUrl())
            : cluster.nodeUrls().stream().map(URI::create).toList();
        proxy = ForwardingProxy.start(upstreams);
        alternating = ConnectionFactories.get(nodes.at(proxy.httpUrl()).r2dbcUrl("default") + "?maxRowsPerPage=2");
        direct = ConnectionFactories.get(nodes.r2dbcUrl("default"));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        if (cluster != null) {
            cluster.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"COMMIT, 3", "ROLLBACK, 0"})
    void aTransactionStaysOnTheNodeThatBeganIt(String end, int rowsAfterwards) {
        String table = unique("sticky");
        Connection observer = connect(direct);
        Connection connection = connect(alternating);
        try {
            exec(observer, "CREATE TABLE " + table + " (a INT)");
            int before = proxy.exchanges().size();
            Mono.from(connection.beginTransaction()).block(Sql.TIMEOUT);
            assertThat(exec(connection, "INSERT INTO " + table + " VALUES (1), (2), (3)")).isEqualTo(3);
            assertThat(rows(connection, "SELECT a FROM " + table + " ORDER BY a"))
                .containsExactly(List.of(1), List.of(2), List.of(3));
            assertThat(rows(observer, "SELECT count(*) FROM " + table).get(0).get(0)).hasToString("0");
            Mono.from("COMMIT".equals(end) ? connection.commitTransaction() : connection.rollbackTransaction())
                .block(Sql.TIMEOUT);
            assertThat(rows(observer, "SELECT count(*) FROM " + table).get(0).get(0))
                .hasToString(Integer.toString(rowsAfterwards));
            assertThat(rows(connection, "SELECT count(*) FROM " + table).get(0).get(0))
                .hasToString(Integer.toString(rowsAfterwards));

            List<ForwardingProxy.Exchange> exchanges = proxy.exchanges();
            List<ForwardingProxy.Exchange> transaction = exchanges.subList(before, exchanges.size());
            List<Integer> starts = IntStream.range(0, transaction.size())
                .filter(i -> transaction.get(i).request().equals("POST /v1/query")).boxed().toList();
            // BEGIN, INSERT, SELECT, the end and the SELECT after it
            assertThat(starts).hasSize(5);
            String began = transaction.get(starts.get(0)).nodeId();
            assertThat(began).isNotEmpty();
            List<ForwardingProxy.Exchange> untilTheEnd = transaction.subList(0, starts.get(4));
            assertThat(untilTheEnd).extracting(ForwardingProxy.Exchange::nodeId)
                .filteredOn(Objects::nonNull).hasSizeGreaterThanOrEqualTo(4).containsOnly(began);
            if (cluster != null) {
                Set<String> reached = untilTheEnd.stream()
                    .map(exchange -> exchange.upstream().toString()).collect(Collectors.toSet());
                assertThat(reached).as("the transaction's requests reached both nodes")
                    .containsExactlyInAnyOrderElementsOf(cluster.nodeUrls());
                assertThat(cluster.nodeIds()).contains(began);
            }
        } finally {
            exec(observer, "DROP TABLE IF EXISTS " + table);
            close(connection);
            close(observer);
        }
    }
}
