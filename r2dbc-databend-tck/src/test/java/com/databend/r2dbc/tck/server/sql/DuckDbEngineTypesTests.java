package com.databend.r2dbc.tck.server.sql;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class DuckDbEngineTypesTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    @Test
    void literalsTakeDatabendTypes() {
        EngineFixture.Result result = this.fixture.run("select 1, 1.5, 'a', NULL, 300, -1, 70000, true");
        assertThat(result.types()).containsExactly("UInt8", "Decimal(2, 1)", "String", "NULL", "UInt16", "Int8",
            "UInt32", "Boolean");
        assertThat(result.firstRow()).containsExactly("1", "1.5", "a", null, "300", "-1", "70000", "1");
        assertThat(result.names()).startsWith("1", "1.5", "'a'");
    }

    @Test
    void numbersTableFunctionIsNonNullableUInt64() {
        EngineFixture.Result result = this.fixture.run("select * from numbers(3)");
        assertThat(result.schema()).containsExactly(new SchemaField("number", "UInt64"));
        assertThat(result.rows()).containsExactly(List.of("0"), List.of("1"), List.of("2"));
        EngineFixture.Result computed = this.fixture.run("select number / 3, number + 1 from numbers(3)");
        assertThat(computed.names()).containsExactly("(number / 3)", "(number + 1)");
        assertThat(computed.types()).containsExactly("Float64", "UInt64");
        assertThat(computed.rows().get(1)).containsExactly("0.3333333333333333", "2");
        assertThat(this.fixture.run("select count(*) from numbers(10)").schema())
            .containsExactly(new SchemaField("count(*)", "UInt64"));
    }

    @Test
    void declaredColumnTypesAreReportedExactlyWithNullability() {
        this.fixture.run("CREATE TABLE t(a INT, b VARCHAR NOT NULL, c DECIMAL(10,2), d ARRAY(INT), "
            + "e ARRAY(INT NULL) NOT NULL, f MAP(STRING, INT NULL), g TUPLE(INT, STRING), i TIMESTAMP, j DATE, "
            + "k VARIANT, l BINARY, m INT UNSIGNED, n UINT64, o FLOAT, p DOUBLE, q BOOLEAN, r INTERVAL, "
            + "s BIGINT UNSIGNED NOT NULL, u TINYINT, v SMALLINT UNSIGNED, w STRING NULL)");
        EngineFixture.Result result = this.fixture.run("select * from t");
        assertThat(result.types()).containsExactly("Nullable(Int32)", "String", "Nullable(Decimal(10, 2))",
            "Nullable(Array(Int32))", "Array(Int32 NULL)", "Nullable(Map(String, Int32 NULL))",
            "Nullable(Tuple(Int32, String))", "Nullable(Timestamp)", "Nullable(Date)", "Nullable(Variant)",
            "Nullable(Binary)", "Nullable(UInt32)", "Nullable(UInt64)", "Nullable(Float32)", "Nullable(Float64)",
            "Nullable(Boolean)", "Nullable(Interval)", "UInt64", "Nullable(Int8)", "Nullable(UInt16)",
            "Nullable(String)");
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void everyTypeRendersAsDatabendDoes() {
        this.fixture.run("CREATE TABLE all_types(a INT, b VARCHAR, c DECIMAL(10,2), d ARRAY(INT NULL), "
            + "f MAP(STRING, INT NULL), g TUPLE(INT, STRING), i TIMESTAMP, j DATE, k VARIANT, l BINARY, "
            + "n UINT64, o FLOAT, p DOUBLE, q BOOLEAN, r INTERVAL, s ARRAY(STRING))");
        EngineFixture.Result insert = this.fixture.run("insert into all_types values (-7, 'x\"y', 3.5, [1,2,NULL], "
            + "{'k1': 1, 'k2': NULL}, (7, 'p\"q'), '2021-12-20 17:01:01', '2024-04-10', "
            + "parse_json('{\"k\": \"v\", \"a\": [1, 2]}'), 'hello', 18446744073709551615, 1.5, 0.1, true, "
            + "INTERVAL '1 year 2 months 3 days 4 hours 5 minutes 6.5 seconds', ['x', 'y'])");
        assertThat(insert.schema()).containsExactly(new SchemaField("number of rows inserted", "UInt64"));
        assertThat(insert.rows()).containsExactly(List.of("1"));
        assertThat(insert.writtenRows()).isEqualTo(1);
        EngineFixture.Result result = this.fixture.run("select * from all_types");
        assertThat(result.firstRow()).containsExactly("-7", "x\"y", "3.50", "[1,2,NULL]", "{\"k1\":1,\"k2\":NULL}",
            "(7,\"p\\\"q\")", "2021-12-20 17:01:01.000000", "2024-04-10", "{\"k\":\"v\",\"a\":[1,2]}", "68656C6C6F",
            "18446744073709551615", "1.5", "0.1", "1", "1 year 2 months 3 days 4:05:06.5", "[\"x\",\"y\"]");
        EngineFixture.Result shanghai = this.fixture.run("select i, l from all_types",
            EngineFixture.settings("default", ZoneId.of("Asia/Shanghai"), "BASE64"));
        assertThat(shanghai.firstRow()).containsExactly("2021-12-21 01:01:01.000000", "aGVsbG8=");
    }

    @Test
    void timestampLiteralsAreReadInTheSessionZone() {
        this.fixture.run("create table ts(t TIMESTAMP)");
        this.fixture.run("insert into ts values ('2021-12-20 17:01:01')",
            EngineFixture.settings("default", ZoneId.of("Asia/Shanghai"), "HEX"));
        assertThat(this.fixture.run("select t from ts").firstRow()).containsExactly("2021-12-20 09:01:01.000000");
        assertThat(this.fixture.run("select t from ts", EngineFixture.settings("default", ZoneId.of("Asia/Shanghai"),
            "HEX")).firstRow()).containsExactly("2021-12-20 17:01:01.000000");
    }

    @Test
    void floatsRenderLikeGolden22() {
        EngineFixture.Result result = this.fixture.run("select 10.234567899999999e80::DOUBLE, -1e-6::DOUBLE, "
            + "'nan'::FLOAT, 'inf'::FLOAT, '-inf'::FLOAT, 1::DOUBLE");
        assertThat(result.types()).containsExactly("Float64", "Float64", "Float32", "Float32", "Float32", "Float64");
        assertThat(result.firstRow()).containsExactly("1.0234567899999998e+81", "-1e-6", "NaN", "Infinity",
            "-Infinity", "1.0");
    }

    @Test
    void castsAcceptDatabendTypeNames() {
        EngineFixture.Result result = this.fixture.run("select '1'::INT, 1::VARCHAR, '3.14159'::DECIMAL(10,2), "
            + "CAST('7' AS UINT8), 'abc'::BINARY, '{\"k\":\"v\"}'::VARIANT, '2024-04-10'::DATE, '5'::BIGINT UNSIGNED");
        assertThat(result.types()).containsExactly("Int32", "String", "Decimal(10, 2)", "UInt8", "Binary", "Variant",
            "Date", "UInt64");
        assertThat(result.firstRow()).containsExactly("1", "1", "3.14", "7", "616263", "{\"k\":\"v\"}", "2024-04-10",
            "5");
    }

    @Test
    void nestedLiteralsAndEmptyArrays() {
        EngineFixture.Result result = this.fixture.run("select [1,2,3], ['x','y'], [], (1, 'ab')");
        assertThat(result.types()).containsExactly("Array(Int32)", "Array(String)", "Array(Nothing)",
            "Tuple(Int32, String)");
        assertThat(result.firstRow()).containsExactly("[1,2,3]", "[\"x\",\"y\"]", "[]", "(1,\"ab\")");
    }

    @Test
    void sessionFunctionsAnswerFromTheSettings() {
        EngineFixture.Result result = this.fixture.run("select version(), database(), current_user()");
        assertThat(result.names()).containsExactly("version()", "database()", "current_user()");
        assertThat(result.firstRow().get(0)).contains(EngineFixture.SERVER_VERSION);
        assertThat(result.firstRow().subList(1, 3)).containsExactly("default", "'root'@'%'");
    }

    @Test
    void computedExpressionsOverNullableColumnsAreNullable() {
        this.fixture.run("create table n(a INT, b INT NOT NULL)");
        this.fixture.run("insert into n values (NULL, 2)");
        EngineFixture.Result result = this.fixture.run("select a + 1, b + 1 as bb, n.b, a from n");
        assertThat(result.types().get(0)).startsWith("Nullable(Int");
        assertThat(result.types().get(1)).startsWith("Int");
        assertThat(result.types().subList(2, 4)).containsExactly("Int32", "Nullable(Int32)");
        assertThat(result.names().subList(1, 4)).containsExactly("bb", "b", "a");
        assertThat(result.firstRow()).isEqualTo(Arrays.asList(null, "3", "2", null));
    }

    @Test
    void dmlAnswersWithItsCountRow() {
        this.fixture.run("create table d(a INT)");
        assertThat(this.fixture.run("insert into d values (1), (2), (3)").rows()).containsExactly(List.of("3"));
        EngineFixture.Result update = this.fixture.run("update d set a = 5 where a > 1");
        assertThat(update.schema()).containsExactly(new SchemaField("number of rows updated", "UInt64"));
        assertThat(update.rows()).containsExactly(List.of("2"));
        EngineFixture.Result delete = this.fixture.run("delete from d where a = 5");
        assertThat(delete.schema()).containsExactly(new SchemaField("number of rows deleted", "UInt64"));
        assertThat(delete.rows()).containsExactly(List.of("2"));
        EngineFixture.Result ddl = this.fixture.run("drop table d");
        assertThat(ddl.hasResultSet()).isFalse();
        assertThat(ddl.schema()).isEmpty();
    }
}
