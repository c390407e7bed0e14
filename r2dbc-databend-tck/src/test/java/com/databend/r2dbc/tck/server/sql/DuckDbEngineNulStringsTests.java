package com.databend.r2dbc.tck.server.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** String values holding NUL survive both parameter paths although DuckDB ends its SQL text at a NUL. */
class DuckDbEngineNulStringsTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    @Test
    void positionalParamWithNulComesBackWhole() {
        EngineFixture.Result result = this.fixture.run("SELECT ?, length(?)", List.of("a\0b", "a\0b"));
        assertThat(result.rows()).containsExactly(List.of("a\0b", "3"));
        assertThat(result.types().get(0)).isEqualTo("String");
    }

    @Test
    void namedParamWithNulAtEitherEndComesBackWhole() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("v", "\0x\0\0");
        params.put("w", "\0");
        assertThat(this.fixture.run("SELECT :v, :w || :v", params).rows())
            .containsExactly(List.of("\0x\0\0", "\0\0x\0\0"));
    }

    @Test
    void backslashZeroEscapeInALiteralIsNul() {
        assertThat(this.fixture.run("SELECT 'a\\0b', 'it''s\\0'").rows()).containsExactly(List.of("a\0b", "it's\0"));
    }

    @Test
    void nulValuesAreStoredAndMatchedExactly() {
        this.fixture.run("CREATE TABLE t_nul (id INT, s VARCHAR)");
        this.fixture.run("INSERT INTO t_nul VALUES (?, ?)", List.of(1L, "a\0b"));
        this.fixture.run("INSERT INTO t_nul VALUES (2, 'a\\0b'), (3, 'ab'), (4, 'a')");
        assertThat(this.fixture.run("SELECT id FROM t_nul WHERE s = ? ORDER BY id", List.of("a\0b")).rows())
            .containsExactly(List.of("1"), List.of("2"));
        assertThat(this.fixture.run("SELECT s FROM t_nul WHERE id = 1").rows()).containsExactly(List.of("a\0b"));
        assertThat(this.fixture.run("SELECT count(*) FROM t_nul").rows()).containsExactly(List.of("4"));
    }

    @Test
    void nulValueCannotChangeTheStatement() {
        this.fixture.run("CREATE TABLE t_nul (id INT, s VARCHAR)");
        String hostile = "x'\0); DROP TABLE t_nul; --\0'";
        this.fixture.run("INSERT INTO t_nul VALUES (?, ?)", List.of(1L, hostile));
        assertThat(this.fixture.run("SELECT s FROM t_nul").rows()).containsExactly(List.of(hostile));
    }

    @Test
    void literalWithoutNulIsPlainlyQuoted() {
        assertThat(ExpressionTranslator.stringLiteral("it's")).isEqualTo("'it''s'");
        assertThat(ExpressionTranslator.stringLiteral("a\0'b")).isEqualTo("('a' || chr(0) || '''b')");
    }
}
