package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.Binding;
import io.r2dbc.proxy.core.Bindings;
import io.r2dbc.proxy.core.ExecutionType;
import io.r2dbc.proxy.core.MethodExecutionInfo;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.core.QueryInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver under r2dbc-proxy, which Spring Boot wraps a connection factory in for its R2DBC observations (a span
 * per query, with its SQL): the listener sees each query with its SQL and bound values, the results are the
 * driver's, and the vendor API is found through the proxy's {@code Wrapped} connection.
 */
class ProxyIntegrationTests {

    /** What the listener saw of one execution. */
    private record Execution(ExecutionType type, List<String> sql, List<List<Map<Object, Object>>> bindings,
                             boolean success) {

        static Execution of(QueryExecutionInfo info) {
            return new Execution(info.getType(),
                    info.getQueries().stream().map(QueryInfo::getQuery).toList(),
                    info.getQueries().stream().map(query -> query.getBindingsList().stream()
                            .map(Execution::values).toList()).toList(),
                    info.isSuccess());
        }

        private static Map<Object, Object> values(Bindings bindings) {
            Map<Object, Object> values = new LinkedHashMap<>();
            for (Binding binding : bindings.getIndexBindings()) {
                values.put(binding.getKey(), binding.getBoundValue().isNull() ? "NULL"
                        : binding.getBoundValue().getValue());
            }
            for (Binding binding : bindings.getNamedBindings()) {
                values.put(binding.getKey(), binding.getBoundValue().getValue());
            }
            return values;
        }
    }

    private final List<Execution> executions = new CopyOnWriteArrayList<>();

    private final List<String> methods = new CopyOnWriteArrayList<>();

    private final ConnectionFactory proxied = ProxyConnectionFactory.builder(TestDatabend.rootFactory("default"))
            .listener(new ProxyExecutionListener() {
                @Override
                public void afterQuery(QueryExecutionInfo execInfo) {
                    executions.add(Execution.of(execInfo));
                }

                @Override
                public void afterMethod(MethodExecutionInfo executionInfo) {
                    methods.add(executionInfo.getMethod().getName());
                }
            })
            .build();

    private Connection connection;

    private String table;

    @BeforeEach
    void connect() {
        connection = Sql.connect(proxied);
        table = "proxied_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Sql.exec(connection, "CREATE TABLE " + table + " (id INT, name VARCHAR)");
    }

    @AfterEach
    void dropAndClose() {
        Sql.exec(connection, "DROP TABLE IF EXISTS " + table);
        Sql.close(connection);
    }

    private <T> List<T> rows(Statement statement, Function<Row, T> mapping) {
        return Flux.from(statement.execute())
                .concatMap(result -> result.map((row, metadata) -> mapping.apply(row)))
                .collectList().block(TIMEOUT);
    }

    private static long updated(Statement statement) {
        return Flux.from(statement.execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum)
                .block(TIMEOUT);
    }

    /** The listener's executions after the first {@code skip}, once it has seen {@code count} of them. */
    private List<Execution> executionsAfter(int skip, int count) {
        Await.until(() -> executions.size() >= skip + count);
        return executions.subList(skip, executions.size());
    }

    @Test
    void queriesWithAndWithoutParametersAreSeenWithTheirSqlAndValues() {
        int before = executions.size();
        assertThat(rows(connection.createStatement("SELECT 1 + 1"), row -> row.get(0, Long.class)))
                .containsExactly(2L);
        assertThat(rows(connection.createStatement("SELECT ? + 1").bind(0, 41), row -> row.get(0, Long.class)))
                .containsExactly(42L);
        assertThat(rows(connection.createStatement("SELECT :word").bind("word", "databend"),
                row -> row.get(0, String.class)))
                .containsExactly("databend");

        assertThat(executionsAfter(before, 3)).containsExactly(
                new Execution(ExecutionType.STATEMENT, List.of("SELECT 1 + 1"), List.of(List.of()), true),
                new Execution(ExecutionType.STATEMENT, List.of("SELECT ? + 1"), List.of(List.of(Map.of(0, 41))),
                        true),
                new Execution(ExecutionType.STATEMENT, List.of("SELECT :word"),
                        List.of(List.of(Map.of("word", "databend"))), true));
    }

    @Test
    void aStatementOfSeveralBindingSetsAndABatch() {
        int before = executions.size();
        Statement insert = connection.createStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")
                .bind(0, 1).bind(1, "one").add()
                .bind(0, 2).bind(1, "two").add()
                .bind(0, 3).bindNull(1, String.class);
        assertThat(updated(insert)).isEqualTo(3);
        long batched = Flux.from(connection.createBatch()
                        .add("INSERT INTO " + table + " (id, name) VALUES (4, 'four')")
                        .add("DELETE FROM " + table + " WHERE id = 1")
                        .execute())
                .concatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block(TIMEOUT);
        assertThat(batched).isEqualTo(2);
        assertThat(rows(connection.createStatement("SELECT id, name FROM " + table + " ORDER BY id"),
                row -> row.get(0, Integer.class) + "=" + row.get(1, String.class)))
                .containsExactly("2=two", "3=null", "4=four");

        List<Execution> seen = executionsAfter(before, 3);
        assertThat(seen.get(0)).isEqualTo(new Execution(ExecutionType.STATEMENT,
                List.of("INSERT INTO " + table + " (id, name) VALUES (?, ?)"),
                List.of(List.of(Map.of(0, 1, 1, "one"), Map.of(0, 2, 1, "two"), Map.of(0, 3, 1, "NULL"))), true));
        assertThat(seen.get(1)).isEqualTo(new Execution(ExecutionType.BATCH,
                List.of("INSERT INTO " + table + " (id, name) VALUES (4, 'four')",
                        "DELETE FROM " + table + " WHERE id = 1"),
                List.of(List.of(), List.of()), true));
    }

    @Test
    void aTransactionThroughTheProxy() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        assertThat(updated(connection.createStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")
                .bind(0, 7).bind(1, "seven"))).isEqualTo(1);
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        assertThat(updated(connection.createStatement("INSERT INTO " + table + " (id, name) VALUES (8, 'eight')")))
                .isEqualTo(1);
        Mono.from(connection.rollbackTransaction()).block(TIMEOUT);

        assertThat(rows(connection.createStatement("SELECT id FROM " + table), row -> row.get(0, Integer.class)))
                .containsExactly(7);
        assertThat(methods).containsSubsequence("beginTransaction", "commitTransaction", "beginTransaction",
                "rollbackTransaction");
        assertThat(connection.isAutoCommit()).isTrue();
    }

    @Test
    void theLoaderIsFoundBehindTheProxy() {
        DatabendLoadResult loaded = DatabendLoader.of(connection)
                .loadRows("INSERT INTO " + table + " (id, name) VALUES (?, ?)",
                        Flux.just(new Object[] {1, "a"}, new Object[] {2, "b"}))
                .block(TIMEOUT);
        assertThat(loaded.rows()).isEqualTo(2);
        assertThat(rows(connection.createStatement("SELECT count(*) FROM " + table),
                row -> row.get(0, Long.class))).containsExactly(2L);
    }
}
