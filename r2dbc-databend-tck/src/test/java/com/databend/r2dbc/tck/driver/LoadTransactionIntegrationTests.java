package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.EmbeddedServerExtension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Loads inside explicit transactions are part of them: visible inside, undone by a rollback, kept by a commit (the
 * driver stages their data and reads it with a query, docs/protocol.md §8.4); a failed load fails the transaction
 * until its end, and outside one writes nothing.
 */
class LoadTransactionIntegrationTests {

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = new EmbeddedServerExtension();

    private static DatabendTestServer server;
    private static ConnectionFactory factory;
    private Connection connection;

    @BeforeAll
    static void createFactory() {
        URI url = URI.create(server.baseUrl());
        factory = ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":" + url.getPort()
                + "/default");
    }

    @BeforeEach
    void connectAndCreate() {
        connection = connect(factory);
        exec(connection, "CREATE OR REPLACE TABLE pairs (id INT, name VARCHAR NULL)");
        // a failed load leaves its staged file, as Databend's failed INSERT ... FROM @stage does
        exec(connection, "REMOVE @~/r2dbc-databend/");
    }

    @AfterEach
    void disconnect() {
        close(connection);
    }

    private long count() {
        return Flux.from(connection.createStatement("SELECT count(*) FROM pairs").execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class))).blockLast(Sql.TIMEOUT);
    }

    private void loadInTransaction() {
        Mono.from(connection.beginTransaction()).block(Sql.TIMEOUT);
        exec(connection, "INSERT INTO pairs VALUES (0, 'before')");
        assertThat(DatabendLoader.of(connection).loadRows("INSERT INTO pairs VALUES (?, ?)",
                Flux.range(1, 300).map(i -> new Object[] {i, "loaded " + i})).block(Sql.TIMEOUT).rows())
                .isEqualTo(300L);
        Statement batch = connection.createStatement("INSERT INTO pairs (id, name) VALUES (?, ?)");
        for (int i = 301; i <= 310; i++) {
            if (i > 301) {
                batch.add();
            }
            batch.bind(0, i).bind(1, "batched " + i);
        }
        assertThat(Flux.from(batch.execute()).concatMap(Result::getRowsUpdated).collectList().block(Sql.TIMEOUT))
                .containsExactly(10L);
        assertThat(DatabendLoader.of(connection).loadBytes("insert into pairs from @_databend_load file_format = "
                + "(type = csv)", Flux.just(ByteBuffer.wrap("311,bytes\n312,bytes\n".getBytes(
                        StandardCharsets.US_ASCII)))).block(Sql.TIMEOUT).rows()).isEqualTo(2L);
        assertThat(count()).as("the loads are visible inside the transaction").isEqualTo(313L);
    }

    @Test
    void rollbackUndoesTheLoadsOfTheTransaction() {
        loadInTransaction();

        Mono.from(connection.rollbackTransaction()).block(Sql.TIMEOUT);

        assertThat(count()).isZero();
    }

    @Test
    void commitKeepsTheLoadsOfTheTransaction() {
        loadInTransaction();

        Mono.from(connection.commitTransaction()).block(Sql.TIMEOUT);

        assertThat(count()).isEqualTo(313L);
        assertThat(rows(connection, "SELECT name FROM pairs WHERE id IN (0, 300, 310, 312) ORDER BY id"))
                .containsExactly(List.of("before"), List.of("loaded 300"), List.of("batched 310"),
                        List.of("bytes"));
        assertThat(rows(connection, "LIST @~/r2dbc-databend")).as("the staged files were removed").isEmpty();
    }

    @Test
    void withAutoCommitOffALoadBeginsTheTransaction() {
        Mono.from(connection.setAutoCommit(false)).block(Sql.TIMEOUT);
        DatabendLoader.of(connection).loadRows("INSERT INTO pairs VALUES (?, ?)", Flux.just(List.of(1, "one")))
                .block(Sql.TIMEOUT);

        Mono.from(connection.rollbackTransaction()).block(Sql.TIMEOUT);

        assertThat(count()).isZero();
    }

    @Test
    void aFailedLoadFailsTheTransactionUntilItsRollbackWhichUndoesEverything() {
        Mono.from(connection.beginTransaction()).block(Sql.TIMEOUT);
        exec(connection, "INSERT INTO pairs VALUES (0, 'before')");

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadRows("INSERT INTO pairs VALUES (?, ?)",
                Flux.range(1, 10).map(i -> new Object[] {i == 7 ? "seven" : i, "x"})).block(Sql.TIMEOUT))
                .isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .hasMessageContaining("line 7");
        assertThatThrownBy(this::count).isInstanceOf(R2dbcRollbackException.class)
                .hasMessageContaining("[4002]");

        Mono.from(connection.rollbackTransaction()).block(Sql.TIMEOUT);

        assertThat(count()).isZero();
    }

    @Test
    void aFailedLoadOutsideATransactionWritesNothing() {
        Statement batch = connection.createStatement("INSERT INTO pairs VALUES (?, ?)")
                .bind(0, 1).bind(1, "a").add()
                .bind(0, "two").bind(1, "b").add()
                .bind(0, 3).bind(1, "c");

        assertThatThrownBy(() -> Flux.from(batch.execute()).concatMap(Result::getRowsUpdated).blockLast(Sql.TIMEOUT))
                .isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .hasMessageContaining("line 2");

        assertThat(count()).isZero();
    }

    @Test
    void aLoadFailingAfterItsFirstHundredThousandRowsOutsideATransactionWritesNone() {
        Flux<Object[]> rows = Flux.range(1, 150_000).map(i -> new Object[] {i == 140_000 ? "bad" : i, null});

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadRows("INSERT INTO pairs VALUES (?, ?)", rows)
                .block(Sql.TIMEOUT))
                .isInstanceOf(R2dbcDataIntegrityViolationException.class)
                .hasMessageContaining("line 140000");

        assertThat(count()).isZero();
    }
}
