package com.databend.r2dbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which statements a batch sends as one load, and the load statements made of them. */
class InsertValuesTests {

    private static InsertValues of(String sql) {
        return InsertValues.of(ParsedSql.parse(sql));
    }

    @Test
    void insertIntoATableWithOneRowOfMarkersIsALoad() {
        assertThat(of("INSERT INTO t VALUES (?, ?)")).isEqualTo(new InsertValues("t", null, 2));
        assertThat(of("  insert into db.`My t` (a,\n b) values(?,?);"))
                .isEqualTo(new InsertValues("db.`My t` (a,\n b)", null, 2));
        assertThat(of("INSERT INTO t (a, b)\nVALUES (?, ?)").loadSql(false))
                .isEqualTo("INSERT INTO t (a, b) FROM @_databend_load FILE_FORMAT = (TYPE = CSV)");
        assertThat(of("INSERT INTO t VALUES (?)").loadSql(true))
                .isEqualTo("INSERT INTO t FROM @_databend_load FILE_FORMAT = (TYPE = CSV, EMPTY_FIELD_AS = STRING)");
    }

    @Test
    void replaceWithItsConflictKeysIsALoadReadFromAStageAttachment() {
        InsertValues replace = of("REPLACE INTO db.t (k, v) ON (k) VALUES (?, ?)");
        assertThat(replace).isEqualTo(new InsertValues("db.t (k, v)", "ON (k)", 2));
        assertThat(replace.streamable()).isFalse();
        assertThat(replace.attachmentSql()).isEqualTo("REPLACE INTO db.t (k, v) ON (k) VALUES");
        assertThat(of("replace into t on conflict(a, b) values (?, ?, ?)"))
                .isEqualTo(new InsertValues("t", "on conflict(a, b)", 3));
        assertThat(of("INSERT INTO t VALUES (?)").streamable()).isTrue();
        assertThat(of("INSERT INTO t VALUES (?)").attachmentSql()).isEqualTo("INSERT INTO t VALUES");
    }

    @Test
    void otherStatementsAreNot() {
        for (String sql : new String[] {
            "INSERT INTO t VALUES (?, 1)", "INSERT INTO t VALUES (? + 1)", "INSERT INTO t VALUES (?), (?)",
            "INSERT INTO t VALUES (:a, :b)", "INSERT INTO t SELECT ?", "REPLACE INTO t VALUES (?)",
            "REPLACE INTO t ON (a) VALUES (?, 1)", "REPLACE INTO t ON () VALUES (?)",
            "UPDATE t SET a = ?", "INSERT INTO t VALUES (?); SELECT 1", "INSERT INTO t VALUES ('?')",
            "INSERT INTO tä VALUES (?)", "INSERT INTO t /* c */ VALUES (?)", "INSERT INTO t VALUES ()",
            "INSERT OVERWRITE t VALUES (?)"}) {
            assertThat(of(sql)).as(sql).isNull();
        }
    }
}
