package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.TempTableSessions.Table;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TempTableStatementsTests {

    @Test
    void aStatementThatCannotBeginWithCreateOrNamesNoTempCannotCreateATempTable() {
        assertThat(TempTableStatements.mayCreateTemp("SELECT 1")).isFalse();
        assertThat(TempTableStatements.mayCreateTemp("  select 'temp'")).isFalse();
        assertThat(TempTableStatements.mayCreateTemp("CREATE TABLE t (a INT)")).isFalse();
        assertThat(TempTableStatements.mayCreateTemp("")).isFalse();
        assertThat(TempTableStatements.mayCreateTemp("\n create temporary table t (a INT)")).isTrue();
        assertThat(TempTableStatements.mayCreateTemp("CREATE TRANSIENT TEMP TABLE t (a INT)")).isTrue();
        // a comment first: only the planner can tell
        assertThat(TempTableStatements.mayCreateTemp("/* c */ CREATE TEMP TABLE t (a INT)")).isTrue();
    }

    @Test
    void theCreatedAndDroppedTablesAreReadAsBefore() {
        assertThat(TempTableStatements.createdTemp(" create or replace temp table IF NOT EXISTS `T` (a INT)", "Db"))
            .isEqualTo(new Table("db", "t"));
        assertThat(TempTableStatements.createdTemp("CREATE TEMPORARY TABLE other.t2 AS SELECT 1", "db"))
            .isEqualTo(new Table("other", "t2"));
        assertThat(TempTableStatements.createdTemp("CREATE TABLE t (a INT)", "db")).isNull();
        assertThat(TempTableStatements.createdTemp("SELECT * FROM temp", "db")).isNull();
        assertThat(TempTableStatements.dropped("\tdrop table if exists \"x\" ;", "db")).isEqualTo(new Table("db", "x"));
        assertThat(TempTableStatements.dropped("DROP TABLE a.b", "db")).isEqualTo(new Table("a", "b"));
        assertThat(TempTableStatements.dropped("SELECT 1", "db")).isNull();
        assertThat(TempTableStatements.dropped("DELETE FROM t", "db")).isNull();
    }
}
