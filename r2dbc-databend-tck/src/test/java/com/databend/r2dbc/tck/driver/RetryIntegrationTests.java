package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.EmbeddedServerExtension;
import com.databend.r2dbc.tck.server.http.FaultInjector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Retries against the embedded server's injected faults: a lost or refused start is sent again under the same
 * query id, so the statement runs once; a lost or refused page is fetched again.
 */
class RetryIntegrationTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;
    private static ConnectionFactory factory;

    @BeforeAll
    static void createFactory() {
        URI url = URI.create(server.baseUrl());
        factory = ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":" + url.getPort()
                + "/default?retryCount=3&maxRowsPerPage=10");
    }

    @AfterEach
    void disarm() {
        server.faults().clear();
    }

    static Stream<Arguments> startFaults() {
        return Stream.of(
                argumentSet("a lost start response", "once_lost",
                        (Consumer<FaultInjector>) faults -> faults.dropResponseOfNext("POST /v1/query", 1), 1),
                argumentSet("a refused start, twice", "once_refused",
                        (Consumer<FaultInjector>) faults -> faults.failNext("POST /v1/query", 2, 503), 2));
    }

    @ParameterizedTest
    @MethodSource("startFaults")
    void startIsRetriedAndTheInsertRunsOnce(String table, Consumer<FaultInjector> fault, int injected) {
        Connection connection = connect(factory);
        try {
            exec(connection, "CREATE OR REPLACE TABLE " + table + " (a INT)");
            long before = server.faults().injectedCount();
            fault.accept(server.faults());
            assertThat(exec(connection, "INSERT INTO " + table + " VALUES (1)")).isEqualTo(1);
            assertThat(server.faults().injectedCount() - before).isEqualTo(injected);
            assertThat(rows(connection, "SELECT count(*) FROM " + table).get(0).get(0).toString()).isEqualTo("1");
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
            assertThat(numbers).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 35).boxed().toList());
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
            assertThat(numbers).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 25).boxed().toList());
            assertThat(server.faults().injectedCount() - before).isEqualTo(1);
        } finally {
            close(connection);
        }
    }
}
