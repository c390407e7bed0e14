package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.TestDatabend;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A temp table belongs to a database, as any table (docs/protocol.md §6.5): {@code d1.t} is found by a plain
 * {@code t} only while {@code d1} is the current database, {@code d1.t} and {@code d2.t} are two temp tables of
 * one session, and a temp table of an unknown database is refused.
 */
class TempTableDatabasesIntegrationTests {

    private final ConnectionFactory factory = TestDatabend.rootFactory("default");

    private Connection admin;
    private Connection session;
    private String first;
    private String second;
    private String table;

    @BeforeEach
    void createDatabases() {
        admin = Sql.connect(factory);
        session = Sql.connect(factory);
        first = Sql.unique("temp_db1");
        second = Sql.unique("temp_db2");
        table = Sql.unique("t");
        exec(admin, "CREATE DATABASE " + first);
        exec(admin, "CREATE DATABASE " + second);
    }

    @AfterEach
    void dropDatabases() {
        // the logout drops the session's temp tables
        close(session);
        exec(admin, "DROP DATABASE IF EXISTS " + first);
        exec(admin, "DROP DATABASE IF EXISTS " + second);
        close(admin);
    }

    @Test
    void aTempTableIsFoundByItsPlainNameOnlyInItsOwnDatabase() {
        exec(session, "CREATE TEMP TABLE " + first + "." + table + " (a INT)");
        exec(session, "INSERT INTO " + first + "." + table + " VALUES (1)");

        exec(session, "USE " + second);
        assertThatThrownBy(() -> rows(session, "SELECT a FROM " + table))
            .isInstanceOf(R2dbcBadGrammarException.class)
            .satisfies(error -> assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(1025));
        // a table of the name in the current database is the one a plain name finds
        exec(admin, "CREATE TABLE " + second + "." + table + " (s VARCHAR)");
        exec(admin, "INSERT INTO " + second + "." + table + " VALUES ('table')");
        assertThat(rows(session, "SELECT * FROM " + table)).containsExactly(List.of("table"));
        assertThat(rows(session, "SELECT a FROM " + first + "." + table)).containsExactly(List.of(1));

        exec(session, "USE " + first);
        assertThat(rows(session, "SELECT * FROM " + table)).containsExactly(List.of(1));
    }

    @Test
    void twoDatabasesHoldTempTablesOfTheSameNameInOneSession() {
        // other columns, of other types: a read of the wrong table cannot pass for a read of the right one
        exec(session, "CREATE TEMP TABLE " + first + "." + table + " (a INT)");
        exec(session, "CREATE TEMP TABLE " + second + "." + table + " (s VARCHAR)");

        exec(session, "INSERT INTO " + first + "." + table + " VALUES (1), (2)");
        exec(session, "INSERT INTO " + second + "." + table + " VALUES ('x')");
        exec(session, "UPDATE " + first + "." + table + " SET a = a * 10");
        assertThat(DatabendLoader.of(session).loadRows("INSERT INTO " + second + "." + table + " VALUES (?)",
                Flux.just(List.of("staged"))).block(Sql.TIMEOUT).rows()).isOne();
        assertThat(rows(session, "SELECT a FROM " + first + "." + table + " ORDER BY a"))
            .containsExactly(List.of(10), List.of(20));
        assertThat(rows(session, "SELECT s FROM " + second + "." + table + " ORDER BY s"))
            .containsExactly(List.of("staged"), List.of("x"));

        exec(session, "USE " + second);
        exec(session, "DELETE FROM " + table + " WHERE s = 'x'");
        assertThat(rows(session, "SELECT * FROM " + table)).containsExactly(List.of("staged"));
        exec(session, "USE " + first);
        assertThat(rows(session, "SELECT * FROM " + table + " ORDER BY a"))
            .containsExactly(List.of(10), List.of(20));

        exec(session, "DROP TABLE " + second + "." + table);
        assertThatThrownBy(() -> rows(session, "SELECT * FROM " + second + "." + table))
            .isInstanceOf(R2dbcBadGrammarException.class)
            .satisfies(error -> assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(1025));
        assertThat(rows(session, "SELECT a FROM " + first + "." + table + " ORDER BY a"))
            .containsExactly(List.of(10), List.of(20));
    }

    @Test
    void aTempTableOfAnUnknownDatabaseFailsWithUnknownDatabase() {
        String missing = Sql.unique("no_such_db");
        assertUnknownDatabase(() -> exec(session, "CREATE TEMP TABLE " + missing + "." + table + " (a INT)"), missing);

        // the current database dropped under the session: a plain name is refused the same way
        exec(session, "USE " + second);
        exec(admin, "DROP DATABASE " + second);
        assertUnknownDatabase(() -> exec(session, "CREATE TEMPORARY TABLE " + table + " (a INT)"), second);

        // the session holds no temp table: its next statements start (not 5110, 5111 or 5112)
        exec(session, "USE " + first);
        assertThat(rows(session, "SELECT 'started'")).containsExactly(List.of("started"));
        exec(session, "CREATE TEMP TABLE " + table + " (a INT)");
        exec(session, "INSERT INTO " + table + " VALUES (7)");
        assertThat(rows(session, "SELECT a FROM " + first + "." + table)).containsExactly(List.of(7));
    }

    private static void assertUnknownDatabase(Runnable statement, String database) {
        assertThatThrownBy(statement::run)
            .isInstanceOfSatisfying(R2dbcBadGrammarException.class, error -> {
                assertThat(error.getErrorCode()).isEqualTo(1003);
                assertThat(error.getMessage()).startsWith("[1003] Unknown database '" + database + "' [query id ");
            });
    }
}
