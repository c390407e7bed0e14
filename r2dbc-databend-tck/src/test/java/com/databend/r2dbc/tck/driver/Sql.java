package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.ParameterMode;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Small blocking helpers for integration tests (tests may block; the driver never does). */
final class Sql {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Sql() {
    }

    /** {@code prefix} with a random suffix: tables of a shared server must not collide between runs. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A factory for root on {@code server}'s {@code default} database, pages of ten rows, then {@code options}. */
    static DatabendConnectionFactory tenRowPages(DatabendTestServer server,
                                                 UnaryOperator<DatabendConnectionConfiguration.Builder> options) {
        URI url = URI.create(server.baseUrl());
        return new DatabendConnectionFactory(options.apply(DatabendConnectionConfiguration.builder()
                .host(url.getHost()).port(url.getPort()).user("root").database("default").maxRowsPerPage(10))
                .build());
    }

    static Connection connect(ConnectionFactory factory) {
        return Mono.from(factory.create()).block(TIMEOUT);
    }

    /** A connection to the target server's {@code default} database whose bound values travel as {@code mode} says. */
    static Connection connect(ParameterMode mode) {
        return connect(ConnectionFactories.get(TestDatabend.target().r2dbcUrl("default") + "?parameterMode="
                + mode.name().toLowerCase(Locale.ROOT)));
    }

    static void close(Connection connection) {
        Mono.from(connection.close()).block(TIMEOUT);
    }

    /** Runs each statement to its end; returns the summed update counts. */
    static long exec(Connection connection, String sql) {
        Long count = Flux.from(connection.createStatement(sql).execute())
                .concatMap(Result::getRowsUpdated)
                .reduce(0L, Long::sum)
                .block(TIMEOUT);
        return count == null ? 0 : count;
    }

    /** All rows, each as the list of its values in default Java types. */
    static List<List<Object>> rows(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.map((row, metadata) -> values(row, metadata.getColumnMetadatas().size())))
                .collectList()
                .block(TIMEOUT);
    }

    static List<Object> values(Row row, int columns) {
        List<Object> values = new ArrayList<>(columns);
        for (int i = 0; i < columns; i++) {
            values.add(row.get(i));
        }
        return values;
    }
}
