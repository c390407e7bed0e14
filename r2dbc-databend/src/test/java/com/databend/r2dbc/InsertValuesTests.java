package com.databend.r2dbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which statements a batch sends as one streaming load, and the load statement made of them. */
class InsertValuesTests {

    private static InsertValues of(String sql) {
        return InsertValues.of(ParsedSql.parse(sql));
    }

    @Test
    void insertIntoATableWithOneRowOfMarkersIsALoad() {
        assertThat(of("INSERT INTO t VALUES (?, ?)")).isEqualTo(new InsertValues("t", 2));
        assertThat(of("  insert into db.`My t` (a,\n b) values(?,?);"))
                .isEqualTo(new InsertValues("db.`My t` (a,\n b)", 2));
        assertThat(of("INSERT INTO t (a, b)\nVALUES (?, ?)").loadSql())
                .isEqualTo("INSERT INTO t (a, b) FROM @_databend_load FILE_FORMAT = (TYPE = CSV)");
    }

    @Test
    void otherStatementsAreNot() {
        for (String sql : new String[] {
            "INSERT INTO t VALUES (?, 1)", "INSERT INTO t VALUES (? + 1)", "INSERT INTO t VALUES (?), (?)",
            "INSERT INTO t VALUES (:a, :b)", "INSERT INTO t SELECT ?", "REPLACE INTO t ON (a) VALUES (?)",
            "UPDATE t SET a = ?", "INSERT INTO t VALUES (?); SELECT 1", "INSERT INTO t VALUES ('?')",
            "INSERT INTO tä VALUES (?)", "INSERT INTO t /* c */ VALUES (?)", "INSERT INTO t VALUES ()",
            "INSERT OVERWRITE t VALUES (?)"}) {
            assertThat(of(sql)).as(sql).isNull();
        }
    }
}
