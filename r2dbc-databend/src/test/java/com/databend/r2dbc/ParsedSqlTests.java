package com.databend.r2dbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Marker discovery and statement splitting outside quotes and comments. */
class ParsedSqlTests {

    @Test
    void questionMarksAreNumberedInOrder() {
        ParsedSql sql = ParsedSql.parse("INSERT INTO t VALUES (?, ?, ?)");
        assertThat(sql.parameterCount()).isEqualTo(3);
        assertThat(sql.statements()).hasSize(1);
        assertThat(sql.statements().get(0).markers()).extracting(ParsedSql.Marker::index).containsExactly(0, 1, 2);
    }

    @Test
    void namedMarkersShareOneParameterPerName() {
        ParsedSql sql = ParsedSql.parse("SELECT * FROM t WHERE a = :id OR b = :name OR c = :id");
        assertThat(sql.parameterCount()).isEqualTo(2);
        assertThat(sql.indexOf("id")).isZero();
        assertThat(sql.indexOf("name")).isEqualTo(1);
        assertThat(sql.indexOf("other")).isEqualTo(-1);
        assertThat(sql.statements().get(0).markers()).extracting(ParsedSql.Marker::index).containsExactly(0, 1, 0);
    }

    @Test
    void markersInsideQuotesAndCommentsAreIgnored() {
        ParsedSql sql = ParsedSql.parse("SELECT '?', 'it''s :x', \"a?\", `b:c`, 'q\\'?' -- ? :y\n"
                + "/* ? :z */ FROM t WHERE x = ?");
        assertThat(sql.parameterCount()).isEqualTo(1);
        assertThat(sql.parameterName(0)).isNull();
    }

    @Test
    void castsPathsAndDollarNumbersAreNotMarkers() {
        ParsedSql sql = ParsedSql.parse("SELECT a::INT, v:key, v['k']:x, $1, $2 FROM @stage (FILE_FORMAT => 'csv')");
        assertThat(sql.parameterCount()).isZero();
    }

    @Test
    void dollarQuotedBodiesAreSkipped() {
        ParsedSql sql = ParsedSql.parse("CREATE FUNCTION f() AS $$ SELECT ?; SELECT :a $$; SELECT ?");
        assertThat(sql.statements()).hasSize(2);
        assertThat(sql.parameterCount()).isEqualTo(1);
    }

    @Test
    void statementsAreSplitAtSemicolonsOutsideQuotes() {
        ParsedSql sql = ParsedSql.parse("SELECT 1; SELECT ';' ; -- trailing comment\n  SELECT 2;  ");
        assertThat(sql.statements()).extracting(ParsedSql.Part::text)
                .containsExactly("SELECT 1", "SELECT ';'", "-- trailing comment\n  SELECT 2");
    }

    @Test
    void markerOffsetsAreRelativeToTheirStatement() {
        ParsedSql sql = ParsedSql.parse("SELECT ?;  SELECT :n, ?");
        ParsedSql.Part second = sql.statements().get(1);
        assertThat(second.text()).isEqualTo("SELECT :n, ?");
        assertThat(second.markers()).extracting(ParsedSql.Marker::start).containsExactly(7, 11);
        assertThat(second.markers()).extracting(ParsedSql.Marker::index).containsExactly(1, 2);
    }

    @Test
    void renderedLiteralsReplaceMarkers() {
        ParsedSql sql = ParsedSql.parse("SELECT ?, :a, ?");
        String text = DatabendStatement.render(sql.statements().get(0), new Object[] {1, "o'k", null}, true);
        assertThat(text).isEqualTo("SELECT 1, 'o''k', NULL");
    }

    @Test
    void trailingCommentOnlyStatementIsDropped() {
        assertThat(ParsedSql.parse("SELECT 1; /* done */").statements()).hasSize(1);
        assertThat(ParsedSql.parse("").statements()).hasSize(1);
    }
}
