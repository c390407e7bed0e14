package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.TestDatabend;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A temp table hides the table of the same name from the session that created it, for reads and writes, by its plain
 * and its qualified name, until it is dropped; other sessions keep seeing the table (docs/protocol.md §6.5).
 */
class TempTableShadowingIntegrationTests {

    private final ConnectionFactory factory = TestDatabend.rootFactory("default");

    private Connection owner;
    private Connection other;
    private String table;

    @BeforeEach
    void createTables() {
        owner = Sql.connect(factory);
        other = Sql.connect(factory);
        table = Sql.unique("shadowed");
        exec(other, "CREATE TABLE " + table + " (n INT)");
        exec(other, "INSERT INTO " + table + " VALUES (1)");
        // another column, of another type: a read of the wrong table cannot pass for a read of the right one
        exec(owner, "CREATE TEMP TABLE " + table + " (s VARCHAR)");
    }

    @AfterEach
    void dropTables() {
        exec(owner, "DROP TABLE IF EXISTS " + table);
        exec(other, "DROP TABLE IF EXISTS " + table);
        close(owner);
        close(other);
    }

    @Test
    void theSessionOfATempTableReadsAndWritesItInPlaceOfTheTableOfItsName() {
        exec(owner, "INSERT INTO " + table + " VALUES ('temp')");
        exec(owner, "UPDATE " + table + " SET s = s || ' updated'");
        assertThat(rows(owner, "SELECT * FROM " + table)).containsExactly(List.of("temp updated"));
        assertThat(rows(owner, "SELECT t.s FROM default." + table + " AS t")).containsExactly(List.of("temp updated"));
        // a REPLACE is loaded through a staged file: an INSERT with a stage attachment
        assertThat(DatabendLoader.of(owner).loadRows("REPLACE INTO " + table + " ON (s) VALUES (?)",
                Flux.just(List.of("staged"))).block(Sql.TIMEOUT).rows()).isOne();
        assertThat(rows(owner, "SELECT s FROM " + table + " ORDER BY s"))
                .containsExactly(List.of("staged"), List.of("temp updated"));
        assertThat(rows(other, "SELECT * FROM " + table)).containsExactly(List.of(1));
    }

    @Test
    void otherSessionsReadTheTableAndTheTempTableHidesItUntilDropped() {
        exec(owner, "INSERT INTO " + table + " VALUES ('temp')");
        assertThat(rows(other, "SELECT * FROM " + table)).containsExactly(List.of(1));
        assertThat(rows(other, "SELECT n FROM default." + table)).containsExactly(List.of(1));
        exec(owner, "DROP TABLE " + table);
        assertThat(rows(owner, "SELECT * FROM " + table)).containsExactly(List.of(1));
    }
}
