package com.databend.r2dbc;

import io.r2dbc.spi.Connection;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The parameter mode chooses between JSON {@code params} and SQL literals, whatever the server's version says. */
class ParameterModeTests {

    private static final String ONE_ROW_SCHEMA = "[{\"name\":\"v\",\"type\":\"Int32\"}]";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    /** The body of the query start of {@code sql} with {@code bindings} (index or name to value), in {@code mode}. */
    private String startBody(ParameterMode mode, String serverVersion, String sql, Map<Object, Object> bindings) {
        ScriptedDatabend server = databend.start(request -> {
            if (request.is("POST", "/v1/session/login")) {
                return ScriptedDatabend.Reply.ok(ScriptedDatabend.LOGIN_OK.replace("1.2.934-nightly", serverVersion));
            }
            if (request.isQueryStart()) {
                return ScriptedDatabend.Reply.ok(ScriptedDatabend.singlePage(request.queryId(), ONE_ROW_SCHEMA,
                        "[[\"1\"]]", "null"));
            }
            return ScriptedDatabend.Reply.ok("{}");
        });
        server.version(serverVersion);
        DatabendConnectionFactory factory = databend.factory(builder -> builder.parameterMode(mode));
        Flux.usingWhen(factory.create(), connection -> {
            var statement = connection.createStatement(sql);
            bindings.forEach((marker, value) -> {
                if (marker instanceof Integer index) {
                    statement.bind(index, value);
                } else {
                    statement.bind((String) marker, value);
                }
            });
            return Flux.from(statement.execute()).concatMap(result -> result.map(row -> row.get(0)));
        }, Connection::close).blockLast(Duration.ofSeconds(10));
        return server.firstStart().body();
    }

    @ParameterizedTest(name = "{0} against {1}")
    @CsvSource({
            "AUTO,     1.2.934-nightly, true",
            "AUTO,     1.2.901,         true",
            "AUTO,     1.2.900,         false",
            "AUTO,     1.2.800-nightly, false",
            "AUTO,     unknown,         false",
            "PARAMS,   1.2.934-nightly, true",
            "PARAMS,   1.2.800-nightly, true",
            "PARAMS,   unknown,         true",
            "LITERALS, 1.2.934-nightly, false",
            "LITERALS, 1.2.800-nightly, false"})
    void theModeChoosesHowValuesTravel(ParameterMode mode, String serverVersion, boolean jsonParams) {
        String body = startBody(mode, serverVersion, "SELECT ? + ?", Map.of(0, 41, 1, 1));
        if (jsonParams) {
            assertThat(body).contains("\"sql\":\"SELECT ? + ?\"").contains("\"params\":[41,1]");
        } else {
            assertThat(body).contains("\"sql\":\"SELECT 41 + 1\"").doesNotContain("\"params\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PARAMS, true", "LITERALS, false"})
    void namedMarkersFollowTheModeToo(ParameterMode mode, boolean jsonParams) {
        String body = startBody(mode, "1.2.934-nightly", "SELECT :a || :b", Map.of("a", "it's", "b", "!"));
        if (jsonParams) {
            assertThat(body).contains("\"sql\":\"SELECT :a || :b\"")
                    .contains("\"params\":{\"a\":\"it's\",\"b\":\"!\"}");
        } else {
            assertThat(body).contains("\"sql\":\"SELECT 'it''s' || '!'\"").doesNotContain("\"params\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AUTO", "PARAMS", "LITERALS"})
    void aMapHasNoJsonFormSoItAlwaysTravelsAsALiteral(ParameterMode mode) {
        String body = startBody(mode, "1.2.934-nightly", "SELECT ?", Map.of(0, Map.of("k", 5)));
        assertThat(body).contains("\"sql\":\"SELECT {'k':5}\"").doesNotContain("\"params\"");
    }
}
