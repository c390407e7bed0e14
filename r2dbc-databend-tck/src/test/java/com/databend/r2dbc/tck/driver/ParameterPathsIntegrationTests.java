package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.ParameterMode;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bound values end to end on both parameter paths, forced by the {@code parameterMode} option: JSON {@code params}
 * and SQL literals rendered by the driver. Hostile strings come back unchanged and never alter the statement.
 * Against the target server ({@code DATABEND_URL} or the embedded one).
 */
class ParameterPathsIntegrationTests {

    /** NUL (U+0000) travels as a JSON escape in params and results, and as {@code \0} in the SQL literals. */
    private static final List<String> HOSTILE = List.of(
            "it's", "''", "\\", "\\'", "a\\\\'b", "x' OR '1'='1", "'; DROP TABLE victims; --", "-- comment",
            "/* open comment", "*/", "line1\nline2\r\n\tend", "emoji 😀 and 𝄞", "?", ":name", "$1", "\"double\"",
            "`backtick`", "%s %d", "{\"json\": [1, 2]}", "ends with backslash \\", "a\u0000b", "\u0000",
            "x'\u0000'; DROP TABLE victims; --", "\\0 is not NUL");

    private static List<Object> column(Connection connection, Statement statement) {
        return Flux.from(statement.execute()).concatMap(r -> r.map(row -> row.get(0))).collectList()
                .block(Sql.TIMEOUT);
    }

    @ParameterizedTest
    @EnumSource(value = ParameterMode.class, names = {"PARAMS", "LITERALS"})
    void hostileStringsComeBackUnchangedAndKeepTheStatement(ParameterMode mode) {
        String victims = unique("victims");
        String texts = unique("texts");
        Connection connection = connect(mode);
        try {
            exec(connection, "CREATE TABLE " + victims + " (id INT, s VARCHAR)");
            exec(connection, "CREATE TABLE " + texts + " (id INT, s VARCHAR)");
            exec(connection, "INSERT INTO " + victims + " VALUES (1, 'still here')");
            for (int i = 0; i < HOSTILE.size(); i++) {
                String value = HOSTILE.get(i);
                assertThat(column(connection, connection.createStatement("SELECT ?").bind(0, value)))
                        .as("SELECT ? with %s", value).containsExactly(value);
                List<Object> pair = Flux.from(connection.createStatement("SELECT :v, :v || :w")
                                .bind("v", value).bind("w", "!").execute())
                        .concatMap(r -> r.map(row -> List.of(row.get(0), row.get(1))))
                        .cast(Object.class).collectList().block(Sql.TIMEOUT);
                assertThat(pair).as("named markers with %s", value).containsExactly(List.of(value, value + "!"));
                long inserted = Flux.from(connection.createStatement("INSERT INTO " + texts + " VALUES (?, ?)")
                                .bind(0, i).bind(1, value).execute())
                        .concatMap(Result::getRowsUpdated).reduce(0L, Long::sum).block(Sql.TIMEOUT);
                assertThat(inserted).as("INSERT with %s", value).isEqualTo(1);
            }
            List<Object> read = new ArrayList<>();
            for (int i = 0; i < HOSTILE.size(); i++) {
                read.addAll(column(connection, connection.createStatement("SELECT s FROM " + texts
                        + " WHERE id = ?").bind(0, i)));
            }
            assertThat(read).containsExactlyElementsOf(HOSTILE);
            assertThat(column(connection, connection.createStatement("SELECT count(*) FROM " + texts
                    + " WHERE s = ?").bind(0, HOSTILE.get(5))).get(0).toString()).isEqualTo("1");
            assertThat(column(connection, connection.createStatement("SELECT count(*) FROM " + texts
                    + " WHERE s = :s").bind("s", "a\u0000b")).get(0).toString()).isEqualTo("1");
            assertThat(rows(connection, "SELECT s FROM " + victims)).containsExactly(List.of("still here"));
        } finally {
            exec(connection, "DROP TABLE IF EXISTS " + victims);
            exec(connection, "DROP TABLE IF EXISTS " + texts);
            close(connection);
        }
    }
}
