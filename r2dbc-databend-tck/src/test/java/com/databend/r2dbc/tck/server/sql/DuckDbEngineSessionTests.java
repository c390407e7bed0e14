package com.databend.r2dbc.tck.server.sql;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Databases, transactions, streaming and cancel on the engine, without HTTP. */
class DuckDbEngineSessionTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    @Test
    void databasesAreCreatedListedUsedAndDropped() {
        assertThat(this.fixture.engine.databaseExists("default")).isTrue();
        this.fixture.run("CREATE DATABASE bookstore");
        assertThat(this.fixture.engine.databaseExists("bookstore")).isTrue();
        EngineFixture.Result databases = this.fixture.run("SHOW DATABASES");
        assertThat(databases.schema()).containsExactly(new SchemaField("Database", "String"));
        assertThat(databases.rows()).contains(List.of("bookstore"), List.of("default"), List.of("system"));
        ExecutionSettings inBookstore = EngineFixture.settings("bookstore");
        this.fixture.run("CREATE TABLE booklist(title VARCHAR, author VARCHAR, date VARCHAR)", inBookstore);
        this.fixture.run("INSERT INTO booklist VALUES('Readings in Database Systems', 'Michael Stonebraker', '2004')",
            inBookstore);
        assertThat(this.fixture.run("SELECT * FROM booklist", inBookstore).rows())
            .containsExactly(List.of("Readings in Database Systems", "Michael Stonebraker", "2004"));
        assertThat(this.fixture.run("SELECT title FROM bookstore.booklist").rows())
            .containsExactly(List.of("Readings in Database Systems"));
        EngineFixture.Result tables = this.fixture.run("SHOW TABLES", inBookstore);
        assertThat(tables.schema()).containsExactly(new SchemaField("Tables_in_bookstore", "String"));
        assertThat(tables.rows()).containsExactly(List.of("booklist"));
        assertThat(this.fixture.run("SELECT database()", inBookstore).rows()).containsExactly(List.of("bookstore"));
        this.fixture.run("DROP TABLE booklist", inBookstore);
        this.fixture.run("DROP DATABASE bookstore");
        assertThat(this.fixture.engine.databaseExists("bookstore")).isFalse();
        assertThat(this.fixture.run("SHOW TABLES").schema()).containsExactly(new SchemaField("Tables_in_default",
            "String"));
    }

    @Test
    void transactionsCommitAndRollBackAcrossSessions() {
        this.fixture.run("CREATE TABLE tx(a INT)");
        try (EngineSession other = this.fixture.engine.openSession()) {
            ExecutionSettings settings = EngineFixture.settings("default");
            this.fixture.session.begin();
            this.fixture.run("INSERT INTO tx VALUES (1)");
            assertThat(EngineFixture.run(other, "SELECT count(*) FROM tx", null, settings).rows())
                .containsExactly(List.of("0"));
            this.fixture.session.commit();
            assertThat(EngineFixture.run(other, "SELECT count(*) FROM tx", null, settings).rows())
                .containsExactly(List.of("1"));
            this.fixture.session.begin();
            this.fixture.run("INSERT INTO tx VALUES (2)");
            assertThat(this.fixture.run("SELECT count(*) FROM tx").rows()).containsExactly(List.of("2"));
            this.fixture.session.rollback();
            assertThat(EngineFixture.run(other, "SELECT count(*) FROM tx", null, settings).rows())
                .containsExactly(List.of("1"));
        }
    }

    @Test
    void concurrentSessionsShareOneDatabase() throws Exception {
        this.fixture.run("CREATE TABLE shared(worker INT, n UINT64)");
        java.util.List<CompletableFuture<Void>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int worker = w;
            workers.add(CompletableFuture.runAsync(() -> {
                try (EngineSession session = this.fixture.engine.openSession()) {
                    ExecutionSettings settings = EngineFixture.settings("default");
                    for (int i = 0; i < 25; i++) {
                        EngineFixture.run(session, "INSERT INTO shared SELECT " + worker + ", number FROM numbers(10)",
                            null, settings);
                        assertThat(EngineFixture.run(session, "SELECT count(*) FROM shared WHERE worker = " + worker,
                            null, settings).rows()).containsExactly(List.of(String.valueOf((i + 1) * 10)));
                    }
                }
            }));
        }
        CompletableFuture.allOf(workers.toArray(new CompletableFuture[0])).get(60, TimeUnit.SECONDS);
        assertThat(this.fixture.run("SELECT count(*), sum(n) FROM shared").rows())
            .containsExactly(List.of("1000", "4500"));
    }

    @Test
    void aMillionRowsStreamWithoutBeingMaterialised() {
        long started = System.nanoTime();
        try (StatementExecution execution = this.fixture.session.execute("select number from numbers(1000000000)",
            null, EngineFixture.settings("default"))) {
            assertThat(execution.schema()).containsExactly(new SchemaField("number", "UInt64"));
            assertThat(execution.nextRow()).containsExactly("0");
            // a billion rows cannot have been produced in this time: the first row came from the first chunk
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
            Runtime runtime = Runtime.getRuntime();
            long usedBefore = runtime.totalMemory() - runtime.freeMemory();
            long count = 1;
            String[] row = null;
            while (count < 1_000_000 && (row = execution.nextRow()) != null) {
                count++;
            }
            assertThat(count).isEqualTo(1_000_000);
            assertThat(row).containsExactly("999999");
            assertThat(execution.scannedRows()).isEqualTo(1_000_000);
            System.gc();
            long usedAfter = runtime.totalMemory() - runtime.freeMemory();
            assertThat(usedAfter - usedBefore).isLessThan(200L * 1024 * 1024);
        }
    }

    @Test
    void cancelFromAnotherThreadStopsARunningStatement() throws Exception {
        StatementExecution execution = this.fixture.session.execute(
            "select count(*) from numbers(100000000000) where number % 7 = 3", null, EngineFixture.settings("default"));
        CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            execution.cancel();
        });
        long started = System.nanoTime();
        assertThatThrownBy(execution::nextRow)
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1043));
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(30);
        canceller.get(10, TimeUnit.SECONDS);
        execution.close();
        assertThat(this.fixture.run("select 42").rows()).containsExactly(List.of("42"));
    }

    @Test
    void cancelBetweenRowsEndsTheStream() {
        StatementExecution execution = this.fixture.session.execute("select number from numbers(100000000)", null,
            EngineFixture.settings("default"));
        assertThat(execution.nextRow()).containsExactly("0");
        execution.cancel();
        execution.cancel();
        assertThatThrownBy(execution::nextRow)
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1043));
        execution.close();
        execution.close();
        assertThat(this.fixture.run("select 1").rows()).containsExactly(List.of("1"));
    }

    @Test
    void aStatementLeftOpenIsClosedByTheNextOne() {
        StatementExecution open = this.fixture.session.execute("select number from numbers(100000)", null,
            EngineFixture.settings("default"));
        assertThat(open.nextRow()).containsExactly("0");
        assertThat(this.fixture.run("select 7").rows()).containsExactly(List.of("7"));
        assertThat(open.nextRow()).isNull();
    }
}
