package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries against the embedded server's injected faults: a lost or refused start is sent again under the same
 * query id, so the statement runs once; a lost or refused page is fetched again.
 */
class RetryIntegrationTests {

    private static DatabendTestServer server;
    private static ConnectionFactory factory;

    @BeforeAll
    static void startServer() {
        server = DatabendTestServer.builder().port(0).start();
        URI url = URI.create(server.baseUrl());
        factory = ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":" + url.getPort()
                + "/default?retryCount=3&maxRowsPerPage=10");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void disarm() {
        server.faults().clear();
    }

    private static long insert(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum).block(Sql.TIMEOUT);
    }

    @Test
    void lostStartResponseIsRetriedAndTheInsertRunsOnce() {
        Connection connection = connect(factory);
        try {
            exec(connection, "CREATE OR REPLACE TABLE once_lost (a INT)");
            long before = server.faults().injectedCount();
            server.faults().dropResponseOfNext("POST /v1/query", 1);
            assertThat(insert(connection, "INSERT INTO once_lost VALUES (1)")).isEqualTo(1);
            assertThat(server.faults().injectedCount() - before).isEqualTo(1);
            assertThat(rows(connection, "SELECT count(*) FROM once_lost").get(0).get(0).toString()).isEqualTo("1");
        } finally {
            close(connection);
        }
    }

    @Test
    void refusedStartIsRetriedAndTheInsertRunsOnce() {
        Connection connection = connect(factory);
        try {
            exec(connection, "CREATE OR REPLACE TABLE once_refused (a INT)");
            long before = server.faults().injectedCount();
            server.faults().failNext("POST /v1/query", 2, 503);
            assertThat(insert(connection, "INSERT INTO once_refused VALUES (1)")).isEqualTo(1);
            assertThat(server.faults().injectedCount() - before).isEqualTo(2);
            assertThat(rows(connection, "SELECT count(*) FROM once_refused").get(0).get(0).toString()).isEqualTo("1");
        } finally {
            close(connection);
        }
    }

    @Test
    void lostAndRefusedPagesAreFetchedAgain() {
        Connection connection = connect(factory);
        try {
            long before = server.faults().injectedCount();
            server.faults().dropResponseOfNext("GET /v1/query/.+/page/1", 1);
            server.faults().failNext("GET /v1/query/.+/page/2", 1, 502);
            List<Object> numbers = Flux.from(connection.createStatement("SELECT number FROM numbers(35)").execute())
                    .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                    .cast(Object.class).collectList().block(Sql.TIMEOUT);
            assertThat(numbers).hasSize(35).doesNotHaveDuplicates();
            assertThat(numbers.get(34)).isEqualTo(34L);
            assertThat(server.faults().injectedCount() - before).isEqualTo(2);
        } finally {
            close(connection);
        }
    }

    @Test
    void truncatedPageIsFetchedAgain() {
        Connection connection = connect(factory);
        try {
            long before = server.faults().injectedCount();
            server.faults().truncateNext("GET /v1/query/.+/page/1", 1);
            List<Object> numbers = Flux.from(connection.createStatement("SELECT number FROM numbers(25)").execute())
                    .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                    .cast(Object.class).collectList().block(Sql.TIMEOUT);
            assertThat(numbers).hasSize(25).doesNotHaveDuplicates();
            assertThat(server.faults().injectedCount() - before).isEqualTo(1);
        } finally {
            close(connection);
        }
    }
}
