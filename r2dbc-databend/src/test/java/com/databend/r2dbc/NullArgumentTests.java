package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.api.DatabendInterval;
import com.databend.r2dbc.internal.codec.DatabendType;
import com.databend.r2dbc.spring.DatabendBindMarkersFactoryProvider;
import com.databend.r2dbc.spring.DatabendDialectProvider;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A null argument to a public method fails with an IllegalArgumentException naming the argument, as the SPI says. */
class NullArgumentTests {

    private static ScriptedDatabend server;
    private static DatabendConnectionFactory factory;
    private static Connection connection;
    private static Result result;

    @BeforeAll
    static void connect() {
        server = new ScriptedDatabend(request -> request.isQueryStart()
                ? Reply.ok(ScriptedDatabend.singlePage(request.header("X-DATABEND-QUERY-ID"),
                        "[{\"name\":\"a\",\"type\":\"Int32\"}]", "[[\"1\"]]", "null"))
                : Reply.ok(ScriptedDatabend.LOGIN_OK));
        factory = server.factory();
        connection = factory.create().block(Duration.ofSeconds(10));
        result = Flux.from(connection.createStatement("SELECT 1 AS a").execute()).blockFirst(Duration.ofSeconds(10));
    }

    @AfterAll
    static void close() {
        Flux.from(result.getRowsUpdated()).blockLast(Duration.ofSeconds(10));
        Mono.from(connection.close()).block(Duration.ofSeconds(5));
        factory.close().block(Duration.ofSeconds(5));
        server.close();
    }

    static Stream<Arguments> calls() {
        DatabendRowMetadata metadata = new DatabendRowMetadata(List.of(
                new DatabendColumnMetadata("a", DatabendType.parse("Int32"))));
        Row row = TestRows.row(metadata, "1");
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder();
        DatabendConnectionFactoryProvider provider = new DatabendConnectionFactoryProvider();
        return Stream.of(
                call("Connection.beginTransaction", () -> connection.beginTransaction(null)),
                call("Connection.createSavepoint", () -> connection.createSavepoint(null)),
                call("Connection.releaseSavepoint", () -> connection.releaseSavepoint(null)),
                call("Connection.rollbackTransactionToSavepoint",
                        () -> connection.rollbackTransactionToSavepoint(null)),
                call("Connection.createStatement", () -> connection.createStatement(null)),
                call("Connection.setLockWaitTimeout", () -> connection.setLockWaitTimeout(null)),
                call("Connection.setStatementTimeout", () -> connection.setStatementTimeout(null)),
                call("Connection.setTransactionIsolationLevel", () -> connection.setTransactionIsolationLevel(null)),
                call("Connection.validate", () -> connection.validate(null)),
                call("Batch.add", () -> connection.createBatch().add(null)),
                call("Statement.bind(index, null)", () -> connection.createStatement("SELECT ?").bind(0, null)),
                call("Statement.bind(null, value)", () -> connection.createStatement("SELECT :n").bind(null, 1)),
                call("Statement.bind(name, null)", () -> connection.createStatement("SELECT :n").bind("n", null)),
                call("Statement.bindNull(index, null)",
                        () -> connection.createStatement("SELECT ?").bindNull(0, null)),
                call("Statement.bindNull(null, type)",
                        () -> connection.createStatement("SELECT :n").bindNull(null, String.class)),
                call("Statement.bindNull(name, null)",
                        () -> connection.createStatement("SELECT :n").bindNull("n", null)),
                call("Statement.returnGeneratedValues",
                        () -> connection.createStatement("SELECT 1").returnGeneratedValues((String[]) null)),
                call("Result.map(BiFunction)",
                        () -> result.map((BiFunction<Row, RowMetadata, Object>) null)),
                call("Result.map(Function)", () -> result.map((Function<Readable, Object>) null)),
                call("Result.filter", () -> result.filter(null)),
                call("Result.flatMap", () -> result.flatMap(null)),
                call("Row.get(index, null)", () -> row.get(0, null)),
                call("Row.get(null)", () -> row.get(null)),
                call("Row.get(null, type)", () -> row.get(null, Integer.class)),
                call("Row.get(name, null)", () -> row.get("a", null)),
                call("RowMetadata.getColumnMetadata", () -> metadata.getColumnMetadata(null)),
                call("ConnectionFactory(null)", () -> new DatabendConnectionFactory(null)),
                call("Provider.create", () -> provider.create(null)),
                call("Provider.supports", () -> provider.supports(null)),
                call("Builder.host", () -> builder.host(null)),
                call("Builder.user", () -> builder.user(null)),
                call("Builder.database", () -> builder.database(null)),
                call("Builder.setting(null, value)", () -> builder.setting(null, "1")),
                call("Builder.setting(name, null)", () -> builder.setting("max_threads", null)),
                call("Builder.settings", () -> builder.settings(null)),
                call("Builder.connectTimeout", () -> builder.connectTimeout(null)),
                call("Builder.pageRequestTimeout", () -> builder.pageRequestTimeout(null)),
                call("Builder.parameterMode", () -> builder.parameterMode(null)),
                call("DatabendInterval.from", () -> DatabendInterval.from(null)),
                call("DatabendInterval.parse", () -> DatabendInterval.parse(null)),
                call("DatabendDialectProvider.getDialect", () -> new DatabendDialectProvider().getDialect(null)),
                call("DatabendBindMarkersFactoryProvider.getBindMarkers",
                        () -> new DatabendBindMarkersFactoryProvider().getBindMarkers(null)));
    }

    private static Arguments call(String method, ThrowingCallable call) {
        return arguments(method, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void nullArgumentIsIllegal(String method, ThrowingCallable call) {
        assertThatThrownBy(call).as(method).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be null");
    }

    /** The SPI's own default of {@code RowMetadata.contains} answers false for null, and so does ours. */
    @Test
    void rowMetadataContainsNoNullName() {
        DatabendRowMetadata metadata = new DatabendRowMetadata(List.of(
                new DatabendColumnMetadata("a", DatabendType.parse("Int32"))));
        assertThat(metadata.contains(null)).isFalse();
    }
}
