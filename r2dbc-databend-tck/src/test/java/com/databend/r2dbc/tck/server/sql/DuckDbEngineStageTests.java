package com.databend.r2dbc.tck.server.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** INSERT with a stage attachment (docs/protocol.md §2.4, §8), the path databend-jdbc's batch inserts take. */
class DuckDbEngineStageTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    private EngineFixture.Result insertFromStage(String sql, StageAttachment attachment) {
        try (StatementExecution execution = this.fixture.session.execute(sql, null, attachment,
            EngineFixture.settings("default"))) {
            String[] row = execution.nextRow();
            assertThat(execution.nextRow()).isNull();
            return new EngineFixture.Result(execution.hasResultSet(), execution.schema(),
                List.of(Arrays.asList(row)), execution.writtenRows());
        }
    }

    @Test
    void insertsTheRowsOfAStagedCsvFile() {
        this.fixture.run("CREATE TABLE books(id INT, title VARCHAR, price DECIMAL(10, 2), bin BINARY, ok BOOLEAN)");
        String csv = "1,\"Readings, in \"\"Database\"\" Systems\",12.50,68656C6C6F,1\n2,\\N,\\N,\\N,0\n";
        this.fixture.engine.stages().upload("~", "2024/4/10/abc", "batch.csv", csv.getBytes(StandardCharsets.UTF_8));
        EngineFixture.Result result = insertFromStage("INSERT INTO books VALUES",
            new StageAttachment("@~/2024/4/10/abc/batch.csv", Map.of("type", "CSV"), Map.of("PURGE", "true",
                "NULL_DISPLAY", "\\N")));
        assertThat(result.schema()).containsExactly(new SchemaField("number of rows inserted", "UInt64"));
        assertThat(result.rows()).containsExactly(List.of("2"));
        assertThat(result.writtenRows()).isEqualTo(2);
        assertThat(this.fixture.run("SELECT * FROM books ORDER BY id").rows()).containsExactly(
            List.of("1", "Readings, in \"Database\" Systems", "12.50", "68656C6C6F", "1"),
            Arrays.asList("2", null, null, null, "0"));
        assertThat(this.fixture.engine.stages().files("@~/2024/4/10/abc")).isEmpty();
    }

    @Test
    void insertsIntoNamedColumnsFromEveryFileUnderADirectory() {
        this.fixture.run("CREATE TABLE t(a INT, b VARCHAR, c INT)");
        this.fixture.engine.stages().upload("~", "load", "1.csv", "x,1\n".getBytes(StandardCharsets.UTF_8));
        this.fixture.engine.stages().upload("~", "load", "2.csv", "y,2\nz,3\n".getBytes(StandardCharsets.UTF_8));
        EngineFixture.Result result = insertFromStage("insert into t (b, a) values",
            new StageAttachment("@~/load", Map.of(), Map.of()));
        assertThat(result.rows()).containsExactly(List.of("3"));
        assertThat(this.fixture.run("select a, b, c from t order by a").rows()).containsExactly(
            Arrays.asList("1", "x", null), Arrays.asList("2", "y", null), Arrays.asList("3", "z", null));
        assertThat(this.fixture.run("LIST @~/load").rows()).extracting(row -> row.subList(0, 2))
            .containsExactly(List.of("load/1.csv", "4"), List.of("load/2.csv", "8"));
        this.fixture.run("REMOVE @~/load");
        assertThat(this.fixture.engine.stages().files("@~/load")).isEmpty();
    }

    @Test
    void columnCountMismatchIsBadBytesWithTheFileAndLine() {
        this.fixture.run("CREATE TABLE t3(a INT, b INT, c INT)");
        this.fixture.engine.stages().upload("~", "", "select.csv", "1,2\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> insertFromStage("INSERT INTO t3 VALUES",
            new StageAttachment("@~/select.csv", Map.of("type", "CSV"), Map.of())))
            .isInstanceOfSatisfying(DatabendError.class, e -> {
                assertThat(e.code()).isEqualTo(1046);
                assertThat(e.getMessage())
                    .isEqualTo("Number of columns in file (2) does not match that of the corresponding table (3)");
                assertThat(e.detail()).isEqualTo("at file 'select.csv', line 1");
            });
    }

    @Test
    void missingFilesAreReported() {
        this.fixture.run("CREATE TABLE t4(a INT)");
        assertThatThrownBy(() -> insertFromStage("INSERT INTO t4 VALUES",
            new StageAttachment("@~/nothing/here.csv", Map.of(), Map.of())))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1006));
        assertThat(this.fixture.run("CREATE STAGE IF NOT EXISTS s1").hasResultSet()).isFalse();
    }

    @Test
    void withoutAttachmentTheOverloadIsAPlainStatement() {
        try (StatementExecution execution = this.fixture.session.execute("select 1", null, null,
            EngineFixture.settings("default"))) {
            assertThat(execution.nextRow()).containsExactly("1");
        }
    }
}
