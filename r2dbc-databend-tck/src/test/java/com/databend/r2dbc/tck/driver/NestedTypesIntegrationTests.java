package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendInterval;
import com.databend.r2dbc.ParameterMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interval, Variant, Map, Tuple and nested values bound, inserted and read back equal, on both parameter paths
 * forced by the {@code parameterMode} option: JSON {@code params} and SQL literals rendered by the driver. Against
 * the target server ({@code DATABEND_URL} or the embedded one).
 */
class NestedTypesIntegrationTests {

    private static long insert(Statement statement) {
        return Flux.from(statement.execute()).concatMap(Result::getRowsUpdated).reduce(0L, Long::sum)
                .block(Sql.TIMEOUT);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * A List binds as an array literal, so tuples have no bindable Java value: they are written with SQL tuple
     * literals and read back as Lists, also inside arrays and maps; maps with array values bind from a Map of Lists.
     */
    @ParameterizedTest
    @EnumSource(value = ParameterMode.class, names = {"PARAMS", "LITERALS"})
    void tuplesAndNestedValuesAreReadBackEqual(ParameterMode mode) {
        String nested = unique("nested");
        Connection connection = connect(mode);
        try {
            exec(connection, "CREATE TABLE " + nested + " (id INT, t TUPLE(INT, STRING),"
                    + " pairs ARRAY(TUPLE(INT, STRING)), ma MAP(STRING, ARRAY(INT)),"
                    + " mt MAP(STRING, TUPLE(INT, STRING)), aa ARRAY(ARRAY(STRING)))");
            Map<String, Object> arrays = map("a", List.of(1, 2), "none", List.of(), "neg", List.of(-3));
            List<List<String>> strings = List.of(List.of("x", "it's"), List.of());
            assertThat(insert(connection.createStatement("INSERT INTO " + nested + " VALUES (?, (7, 'p\"q'),"
                    + " [(1, 'a'), (2, 'b')], ?, {'k': (3, 'c')}, ?)")
                    .bind(0, 1).bind(1, arrays).bind(2, strings))).isEqualTo(1);
            assertThat(insert(connection.createStatement("INSERT INTO " + nested + " (id, aa) VALUES (?, ?)")
                    .bind(0, 2).bind(1, strings))).isEqualTo(1);
            assertThat(rows(connection, "SELECT aa FROM " + nested + " WHERE id = 2"))
                    .containsExactly(List.of(strings));
            List<List<Object>> read = rows(connection, "SELECT t, pairs, ma, mt, aa FROM " + nested
                    + " WHERE id = 1");
            assertThat(read).containsExactly(List.of(List.of(7, "p\"q"),
                    List.of(List.of(1, "a"), List.of(2, "b")), arrays, Map.of("k", List.of(3, "c")), strings));
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + nested);
            close(connection);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ParameterMode.class, names = {"PARAMS", "LITERALS"})
    void intervalsVariantsAndMapsAreBoundAndReadBackEqual(ParameterMode mode) {
        String bound = unique("bound");
        Connection connection = connect(mode);
        try {
            exec(connection, "CREATE TABLE " + bound + " (id INT, iv INTERVAL, v VARIANT, m MAP(STRING, INT))");
            DatabendInterval interval = DatabendInterval.of(14, 3, 14_706_500_000L);
            String json = "{\"a\": [1, 2, {\"n\": null}], \"k\": \"v\"}";
            Map<String, Object> scores = map("one", 1, "minus", -2, "it's", 3);
            // interval and variant values alone travel as JSON params in the params mode; a statement
            // holding a map is always sent with SQL literals
            assertThat(insert(connection.createStatement("INSERT INTO " + bound + " (id, iv, v) VALUES (?, ?, ?)")
                    .bind(0, 1).bind(1, interval).bind(2, json))).isEqualTo(1);
            assertThat(insert(connection.createStatement("INSERT INTO " + bound + " (id, iv, v) VALUES (?, ?, ?)")
                    .bind(0, 2).bind(1, Duration.ofHours(30).plusMillis(250)).bind(2, "[1,\"x\",true]")))
                    .isEqualTo(1);
            assertThat(insert(connection.createStatement("INSERT INTO " + bound + " VALUES (:id, :iv, :v, :m)")
                    .bind("id", 3).bind("iv", DatabendInterval.of(-10, -2, 0)).bind("v", "\"text\"")
                    .bind("m", map("k", 5)))).isEqualTo(1);
            assertThat(insert(connection.createStatement("UPDATE " + bound + " SET m = ? WHERE id = ?")
                    .bind(0, scores).bind(1, 1))).isEqualTo(1);
            assertThat(insert(connection.createStatement("UPDATE " + bound + " SET m = ? WHERE id = ?")
                    .bind(0, Map.of()).bind(1, 2))).isEqualTo(1);
            List<List<Object>> read = rows(connection, "SELECT iv, v, m FROM " + bound + " ORDER BY id");
            assertThat(read).containsExactly(
                    List.of(interval, "{\"a\":[1,2,{\"n\":null}],\"k\":\"v\"}", scores),
                    List.of(DatabendInterval.of(0, 1, 21_600_250_000L), "[1,\"x\",true]", Map.of()),
                    List.of(DatabendInterval.of(-10, -2, 0), "\"text\"", Map.of("k", 5)));
            Duration duration = Flux.from(connection.createStatement("SELECT iv FROM " + bound + " WHERE id = 2")
                            .execute())
                    .concatMap(r -> r.map(row -> row.get(0, Duration.class))).blockFirst(Sql.TIMEOUT);
            assertThat(duration).isEqualTo(Duration.ofHours(30).plusMillis(250));
            List<List<Object>> filtered = rows(connection, "SELECT id FROM " + bound + " WHERE m['k'] = 5");
            assertThat(filtered).containsExactly(List.of(3));
            assertThat(insert(connection.createStatement("INSERT INTO " + bound + " VALUES (?, ?, ?, ?)").bind(0, 4)
                    .bindNull(1, DatabendInterval.class).bindNull(2, String.class).bindNull(3, Map.class)))
                    .isEqualTo(1);
            assertThat(rows(connection, "SELECT iv, v, m FROM " + bound + " WHERE id = 4").get(0)).containsOnlyNulls();
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + bound);
            close(connection);
        }
    }
}
