package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.DatabendTarget;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.tck.server.http.FaultInjector;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.stream.LongStream;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Retries against faults injected by a proxy in front of the target server ({@code DATABEND_URL} or the embedded
 * one): a lost or refused start is sent again under the same query id, so the statement runs once; a lost, refused
 * or truncated page is fetched again.
 */
class RetryIntegrationTests {

    private static ForwardingProxy proxy;

    private static ConnectionFactory factory;

    @BeforeAll
    static void startProxy() {
        DatabendTarget target = TestDatabend.target();
        proxy = ForwardingProxy.start(List.of(target.httpUrl()));
        factory = ConnectionFactories.get(target.at(proxy.httpUrl()).r2dbcUrl("default")
            + "?retryCount=3&maxRowsPerPage=10");
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @AfterEach
    void disarm() {
        proxy.faults().clear();
    }

    static Stream<Arguments> startFaults() {
        return Stream.of(
                argumentSet("a lost start response",
                        (Consumer<FaultInjector>) faults -> faults.dropResponseOfNext("POST /v1/query", 1), 1),
                argumentSet("a refused start, twice",
                        (Consumer<FaultInjector>) faults -> faults.failNext("POST /v1/query", 2, 503), 2));
    }

    @ParameterizedTest
    @MethodSource("startFaults")
    void startIsRetriedAndTheInsertRunsOnce(Consumer<FaultInjector> fault, int injected) {
        String table = unique("once");
        Connection connection = connect(factory);
        try {
            exec(connection, "CREATE TABLE " + table + " (a INT)");
            long before = proxy.faults().injectedCount();
            fault.accept(proxy.faults());
            assertThat(exec(connection, "INSERT INTO " + table + " VALUES (1)")).isEqualTo(1);
            assertThat(proxy.faults().injectedCount() - before).isEqualTo(injected);
            assertThat(rows(connection, "SELECT count(*) FROM " + table).get(0).get(0).toString()).isEqualTo("1");
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + table);
            close(connection);
        }
    }

    @Test
    void lostAndRefusedPagesAreFetchedAgain() {
        Connection connection = connect(factory);
        try {
            long before = proxy.faults().injectedCount();
            proxy.faults().dropResponseOfNext("GET /v1/query/.+/page/1", 1);
            proxy.faults().failNext("GET /v1/query/.+/page/2", 1, 502);
            List<Long> numbers = Flux.from(connection.createStatement("SELECT number FROM numbers(35)").execute())
                    .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                    .collectList().block(Sql.TIMEOUT);
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 35).boxed().toList());
            assertThat(proxy.faults().injectedCount() - before).isEqualTo(2);
        } finally {
            close(connection);
        }
    }

    @Test
    void truncatedPageIsFetchedAgain() {
        Connection connection = connect(factory);
        try {
            long before = proxy.faults().injectedCount();
            proxy.faults().truncateNext("GET /v1/query/.+/page/1", 1);
            List<Long> numbers = Flux.from(connection.createStatement("SELECT number FROM numbers(25)").execute())
                    .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                    .collectList().block(Sql.TIMEOUT);
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 25).boxed().toList());
            assertThat(proxy.faults().injectedCount() - before).isEqualTo(1);
        } finally {
            close(connection);
        }
    }
}
