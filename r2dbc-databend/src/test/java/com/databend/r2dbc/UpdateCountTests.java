package com.databend.r2dbc;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * INSERT/UPDATE/DELETE give exactly one UpdateCount: from the count row, else write_progress.rows
 * (docs/protocol.md §3.2).
 */
class UpdateCountTests {

    private static final String COUNT_SCHEMA = "[{\"name\":\"number of rows inserted\",\"type\":\"UInt64\"}]";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private DatabendConnectionFactory factory;

    /** Every query answers with one page of {@code schema} and {@code data}, {@code written} rows written. */
    private void answer(String schema, String data, long written) {
        databend.start(ScriptedDatabend.answeringStarts(request -> ScriptedDatabend.singlePage(request.queryId(),
                schema, data, "null").replace("\"write_progress\":{\"rows\":0", "\"write_progress\":{\"rows\":" + written)));
        factory = databend.factory();
    }

    /** Each segment of the statement's results described: "count N", "row", or "message". */
    private List<String> segments(String sql) {
        return Flux.usingWhen(factory.create(),
                        c -> Flux.from(c.createStatement(sql).execute())
                                .concatMap(result -> result.flatMap(segment -> Mono.just(
                                        segment instanceof Result.UpdateCount count ? "count " + count.value()
                                                : segment instanceof Result.RowSegment ? "row" : "message"))),
                        Connection::close)
                .collectList().block(Duration.ofSeconds(10));
    }

    static Stream<Arguments> writes() {
        return Stream.of(
                argumentSet("the count row gives the count and no row",
                        "INSERT INTO t VALUES (1), (2)", COUNT_SCHEMA, "[[\"2\"]]", 2, "count 2"),
                argumentSet("without a count row the written rows are the count",
                        "UPDATE t SET a = 1", "[]", "[]", 5, "count 5"),
                argumentSet("a delete that matched nothing still gives one count",
                        "  -- purge\n/* none match */ delete FROM t WHERE false", "[]", "[]", 0, "count 0"));
    }

    @ParameterizedTest
    @MethodSource("writes")
    void aWriteGivesExactlyOneUpdateCount(String sql, String schema, String data, long written, String segment) {
        answer(schema, data, written);
        assertThat(segments(sql)).containsExactly(segment);
    }

    @Test
    void queriesWithoutRowsGiveNoCount() {
        answer("[{\"name\":\"a\",\"type\":\"Int32\"}]", "[]", 0);
        assertThat(segments("SELECT a FROM t WHERE false")).isEmpty();
        answer("[]", "[]", 0);
        assertThat(segments("CREATE TABLE t (a INT)")).isEmpty();
    }

    @Test
    void leadingKeywordSkipsWhiteSpaceAndComments() {
        assertThat(DatabendConnection.leadingKeyword("insert into t")).isEqualTo("INSERT");
        assertThat(DatabendConnection.leadingKeyword(" \n-- a\n  /* b */Delete from t")).isEqualTo("DELETE");
        assertThat(DatabendConnection.leadingKeyword("BEGIN;")).isEqualTo("BEGIN");
        assertThat(DatabendConnection.leadingKeyword("/* unterminated")).isEmpty();
        assertThat(DatabendConnection.leadingKeyword("(SELECT 1)")).isEmpty();
    }
}
