package com.databend.r2dbc.tck.server.sql;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cases of golden 19 (03_0016_http_query_params), with its recorded cells. */
class DuckDbEngineParamsTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    @Test
    void positionalParams() {
        assertThat(this.fixture.run("SELECT ?, ?, ?", List.of(42L, "hello", true)).rows())
            .containsExactly(List.of("42", "hello", "1"));
    }

    @Test
    void namedParams() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("age", 30L);
        params.put("name", "Alice");
        assertThat(this.fixture.run("SELECT :age, :name", params).rows()).containsExactly(List.of("30", "Alice"));
    }

    @Test
    void nullAndBooleanParams() {
        assertThat(this.fixture.run("SELECT ?, ?", Arrays.asList(null, false)).rows())
            .containsExactly(Arrays.asList(null, "0"));
    }

    @Test
    void insertAndFilterWithParams() {
        this.fixture.run("CREATE TABLE t_params_test (id INT, name VARCHAR, active BOOLEAN)");
        this.fixture.run("INSERT INTO t_params_test VALUES (?, ?, ?)", List.of(1L, "row1", true));
        this.fixture.run("INSERT INTO t_params_test VALUES (?, ?, ?)", List.of(2L, "row2", false));
        assertThat(this.fixture.run("SELECT * FROM t_params_test ORDER BY id").rows())
            .containsExactly(List.of("1", "row1", "1"), List.of("2", "row2", "0"));
        assertThat(this.fixture.run("SELECT * FROM t_params_test WHERE id = ? AND active = ?", List.of(1L, true))
            .rows()).containsExactly(List.of("1", "row1", "1"));
    }

    @Test
    void valuesCannotChangeTheStatement() {
        this.fixture.run("CREATE TABLE t_params_test (id INT, name VARCHAR)");
        String hostile = "Robert'); DROP TABLE t_params_test;--";
        this.fixture.run("INSERT INTO t_params_test VALUES (?, ?)", List.of(1L, hostile));
        this.fixture.run("INSERT INTO t_params_test VALUES (?, ?)", List.of(2L, "x"));
        assertThat(this.fixture.run("SELECT name FROM t_params_test WHERE id = ?", List.of(1L)).rows())
            .containsExactly(List.of(hostile));
        assertThat(this.fixture.run("SELECT count(*) FROM t_params_test").rows()).containsExactly(List.of("2"));
        assertThat(this.fixture.run("SELECT 1 - ?", List.of(-5L)).rows()).containsExactly(List.of("6"));
        assertThat(this.fixture.run("SELECT 'a?b', ?", List.of("q")).rows()).containsExactly(List.of("a?b", "q"));
    }

    @Test
    void decimalAndDoubleParams() {
        EngineFixture.Result result = this.fixture.run("SELECT ?, ?", List.of(new BigDecimal("1.25"), 0.5d));
        assertThat(result.firstRow()).containsExactly("1.25", "0.5");
        assertThat(result.types()).containsExactly("Decimal(3, 2)", "Float64");
    }

    @Test
    void wrongParamsAreBadArguments() {
        assertThatThrownBy(() -> this.fixture.run("SELECT ?, ?", List.of(1L)))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1006));
        assertThatThrownBy(() -> this.fixture.run("SELECT ?", List.of(1L, 2L)))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1006));
        assertThatThrownBy(() -> this.fixture.run("SELECT :age, :name", Map.of("age", 1L)))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1006));
    }

    @Test
    void noParamsKeepsStatementsWorking() {
        assertThat(this.fixture.run("SELECT 1").rows()).containsExactly(List.of("1"));
    }
}
