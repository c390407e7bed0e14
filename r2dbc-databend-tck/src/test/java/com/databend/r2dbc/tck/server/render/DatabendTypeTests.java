package com.databend.r2dbc.tck.server.render;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabendTypeTests {

    @Test
    void printsTopLevelNullableAndNestedNullSuffix() {
        DatabendType array = DatabendType.array(DatabendType.of(DatabendType.Kind.INT32).withNullable(true))
            .withNullable(true);
        assertThat(array.wrappedDisplay()).isEqualTo("Nullable(Array(Int32 NULL))");
        assertThat(array.display()).isEqualTo("Array(Int32 NULL) NULL");
    }

    @Test
    void printsDecimalWithCommaSpaceAndOneElementTupleWithTrailingComma() {
        assertThat(DatabendType.decimal(10, 2).wrappedDisplay()).isEqualTo("Decimal(10, 2)");
        assertThat(DatabendType.tuple(List.of(DatabendType.of(DatabendType.Kind.STRING)), List.of()).wrappedDisplay())
            .isEqualTo("Tuple(String,)");
        assertThat(DatabendType.of(DatabendType.Kind.EMPTY_ARRAY).wrappedDisplay()).isEqualTo("Array(Nothing)");
        assertThat(DatabendType.of(DatabendType.Kind.NULL).withNullable(true).wrappedDisplay()).isEqualTo("NULL");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "VARCHAR|String", "STRING|String", "TEXT|String", "CHAR(3)|String", "VARCHAR(255)|String",
        "INT|Int32", "INTEGER|Int32", "INT8|Int8", "INT16|Int16", "INT32|Int32", "INT64|Int64",
        "TINYINT|Int8", "SMALLINT|Int16", "BIGINT|Int64",
        "INT UNSIGNED|UInt32", "TINYINT UNSIGNED|UInt8", "SMALLINT UNSIGNED|UInt16", "BIGINT UNSIGNED|UInt64",
        "UINT8|UInt8", "UINT16|UInt16", "UINT32|UInt32", "UINT64|UInt64",
        "FLOAT|Float32", "FLOAT32|Float32", "DOUBLE|Float64", "FLOAT64|Float64", "DOUBLE PRECISION|Float64",
        "DECIMAL(10,2)|Decimal(10, 2)", "decimal(38, 10)|Decimal(38, 10)", "DECIMAL(5)|Decimal(5, 0)",
        "BOOLEAN|Boolean", "BOOL|Boolean", "DATE|Date", "TIMESTAMP|Timestamp", "DATETIME|Timestamp",
        "BINARY|Binary", "VARBINARY|Binary", "VARIANT|Variant", "JSON|Variant", "INTERVAL|Interval",
        "ARRAY(INT)|Array(Int32)", "ARRAY(INT NULL)|Array(Int32 NULL)", "ARRAY(ARRAY(STRING NULL))|Array(Array(String NULL))",
        "MAP(STRING, INT NULL)|Map(String, Int32 NULL)", "TUPLE(INT, STRING)|Tuple(Int32, String)",
        "TUPLE(a INT, b STRING NULL)|Tuple(Int32, String NULL)", "TUPLE(INT)|Tuple(Int32,)",
        "INT NULL|Nullable(Int32)", "INT NOT NULL|Int32", "Nullable(Decimal(38, 10))|Nullable(Decimal(38, 10))",
        "Nullable(Tuple(String NULL, Array(Int32 NULL) NULL))|Nullable(Tuple(String NULL, Array(Int32 NULL) NULL))",
        "Array(Nothing)|Array(Nothing)", "Map(Nothing)|Map(Nothing)"
    })
    void parsesDatabendTypeNames(String ddl, String display) {
        assertThat(DatabendTypeParser.parse(ddl).wrappedDisplay()).isEqualTo(display);
    }

    @Test
    void namedTupleKeepsItsFieldNamesForStorage() {
        DatabendType tuple = DatabendTypeParser.parse("TUPLE(a INT, b STRING)");
        assertThat(tuple.fieldNames()).containsExactly("a", "b");
        assertThat(tuple.duckDbType()).isEqualTo("STRUCT(\"a\" INTEGER, \"b\" VARCHAR)");
        assertThat(DatabendTypeParser.parse("TUPLE(INT, STRING)").duckDbType())
            .isEqualTo("STRUCT(\"1\" INTEGER, \"2\" VARCHAR)");
    }

    @Test
    void rejectsUnknownAndMalformedTypeNames() {
        assertThatThrownBy(() -> DatabendTypeParser.parse("NOPE")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabendTypeParser.parse("ARRAY(INT")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabendTypeParser.parse("DECIMAL(80, 2)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsePrefixStopsAfterTheTypeAndLeavesTheColumnSuffix() {
        DatabendTypeParser.Parsed parsed = DatabendTypeParser.parsePrefix("a ARRAY(INT NULL) NOT NULL DEFAULT []", 2);
        assertThat(parsed.type().wrappedDisplay()).isEqualTo("Array(Int32 NULL)");
        assertThat("a ARRAY(INT NULL) NOT NULL DEFAULT []".substring(parsed.end())).isEqualTo(" NOT NULL DEFAULT []");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "INTEGER|Int32", "UBIGINT|UInt64", "UTINYINT|UInt8", "DECIMAL(10,2)|Decimal(10, 2)", "VARCHAR|String",
        "TIMESTAMP WITH TIME ZONE|Timestamp", "INTEGER[]|Array(Int32)", "\"NULL\"[]|Array(Nothing)",
        "MAP(VARCHAR, INTEGER)|Map(String, Int32)", "MAP(\"NULL\", \"NULL\")|Map(Nothing)",
        "STRUCT(\"1\" INTEGER, \"2\" VARCHAR)|Tuple(Int32, String)", "STRUCT(a INTEGER)|Tuple(Int32,)",
        "JSON|Variant", "BLOB|Binary", "INTERVAL|Interval", "\"NULL\"|NULL", "DOUBLE|Float64", "FLOAT|Float32",
        "BOOLEAN|Boolean", "DATE|Date", "VARCHAR[][]|Array(Array(String))"
    })
    void mapsDuckDbResultTypes(String duckDb, String display) {
        assertThat(DuckDbTypeMapper.toDatabend(duckDb).wrappedDisplay()).isEqualTo(display);
    }

    @Test
    void storageTypeRoundTripsThroughTheDuckDbMapper() {
        for (String ddl : List.of("DECIMAL(10, 2)", "ARRAY(MAP(STRING, DOUBLE))", "TUPLE(INT, ARRAY(DATE))",
            "BIGINT UNSIGNED", "TIMESTAMP", "VARIANT", "BINARY", "INTERVAL")) {
            DatabendType type = DatabendTypeParser.parse(ddl);
            assertThat(DuckDbTypeMapper.toDatabend(type.duckDbType())).as(ddl).isEqualTo(type);
        }
    }
}
