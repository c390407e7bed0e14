package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabendTypeTests {

    @Test
    void numberKindsAreTheIntegersFloatsAndDecimals() {
        assertThat(EnumSet.allOf(DatabendTypeKind.class).stream().filter(DatabendTypeKind::isInteger))
            .containsExactly(DatabendTypeKind.INT8, DatabendTypeKind.INT16, DatabendTypeKind.INT32,
                DatabendTypeKind.INT64, DatabendTypeKind.UINT8, DatabendTypeKind.UINT16, DatabendTypeKind.UINT32,
                DatabendTypeKind.UINT64);
        assertThat(EnumSet.allOf(DatabendTypeKind.class).stream().filter(DatabendTypeKind::isNumber))
            .containsExactly(DatabendTypeKind.INT8, DatabendTypeKind.INT16, DatabendTypeKind.INT32,
                DatabendTypeKind.INT64, DatabendTypeKind.UINT8, DatabendTypeKind.UINT16, DatabendTypeKind.UINT32,
                DatabendTypeKind.UINT64, DatabendTypeKind.FLOAT32, DatabendTypeKind.FLOAT64,
                DatabendTypeKind.DECIMAL);
    }

    @Test
    void parsesScalarNamesOfTheGrammar() {
        assertKind("Boolean", DatabendTypeKind.BOOLEAN, Boolean.class);
        assertKind("Binary", DatabendTypeKind.BINARY, ByteBuffer.class);
        assertKind("String", DatabendTypeKind.STRING, String.class);
        assertKind("UInt8", DatabendTypeKind.UINT8, Short.class);
        assertKind("UInt16", DatabendTypeKind.UINT16, Integer.class);
        assertKind("UInt32", DatabendTypeKind.UINT32, Long.class);
        assertKind("UInt64", DatabendTypeKind.UINT64, BigInteger.class);
        assertKind("Int8", DatabendTypeKind.INT8, Byte.class);
        assertKind("Int16", DatabendTypeKind.INT16, Short.class);
        assertKind("Int32", DatabendTypeKind.INT32, Integer.class);
        assertKind("Int64", DatabendTypeKind.INT64, Long.class);
        assertKind("Float32", DatabendTypeKind.FLOAT32, Float.class);
        assertKind("Float64", DatabendTypeKind.FLOAT64, Double.class);
        assertKind("Timestamp", DatabendTypeKind.TIMESTAMP, LocalDateTime.class);
        assertKind("Date", DatabendTypeKind.DATE, LocalDate.class);
        assertKind("Interval", DatabendTypeKind.INTERVAL, DatabendInterval.class);
        assertKind("Variant", DatabendTypeKind.VARIANT, String.class);
        assertKind("Bitmap", DatabendTypeKind.BITMAP, String.class);
        assertKind("Geometry", DatabendTypeKind.GEOMETRY, String.class);
        assertKind("Geography", DatabendTypeKind.GEOGRAPHY, String.class);
        assertKind("Timestamp_Tz", DatabendTypeKind.TIMESTAMP_TZ, OffsetDateTime.class);
        assertKind("TimestampTz", DatabendTypeKind.TIMESTAMP_TZ, OffsetDateTime.class);
    }

    @Test
    void nonNullableTypesAreNotNullable() {
        DatabendType type = DatabendType.parse("UInt64");
        assertThat(type.nullable()).isFalse();
        assertThat(type.arguments()).isEmpty();
        assertThat(type.typeName()).isEqualTo("UInt64");
        assertThat(type.precision()).isEqualTo(20);
    }

    @Test
    void topLevelNullable() {
        DatabendType type = DatabendType.parse("Nullable(Int32)");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.INT32);
        assertThat(type.nullable()).isTrue();
        assertThat(type.typeName()).isEqualTo("Nullable(Int32)");
        assertThat(type.javaType()).isEqualTo(Integer.class);
    }

    @Test
    void decimalPrecisionAndScale() {
        DatabendType type = DatabendType.parse("Decimal(10, 2)");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.DECIMAL);
        assertThat(type.precision()).isEqualTo(10);
        assertThat(type.scale()).isEqualTo(2);
        assertThat(type.javaType()).isEqualTo(BigDecimal.class);

        DatabendType nullable = DatabendType.parse("Nullable(Decimal(38, 10))");
        assertThat(nullable.nullable()).isTrue();
        assertThat(nullable.precision()).isEqualTo(38);
        assertThat(nullable.scale()).isEqualTo(10);

        DatabendType wide = DatabendType.parse("Decimal(76, 76)");
        assertThat(wide.precision()).isEqualTo(76);
        assertThat(wide.scale()).isEqualTo(76);
        assertThat(DatabendType.parse("Decimal(2, 1)").scale()).isEqualTo(1);
    }

    @Test
    void nullableVariant() {
        DatabendType type = DatabendType.parse("Nullable(Variant)");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.VARIANT);
        assertThat(type.nullable()).isTrue();
    }

    @Test
    void arrays() {
        DatabendType plain = DatabendType.parse("Array(Int64)");
        assertThat(plain.kind()).isEqualTo(DatabendTypeKind.ARRAY);
        assertThat(plain.nullable()).isFalse();
        assertThat(plain.arguments()).singleElement().satisfies(element -> {
            assertThat(element.kind()).isEqualTo(DatabendTypeKind.INT64);
            assertThat(element.nullable()).isFalse();
        });
        assertThat(plain.javaType()).isEqualTo(List.class);

        DatabendType nullableElements = DatabendType.parse("Array(UInt8 NULL)");
        assertThat(nullableElements.nullable()).isFalse();
        assertThat(nullableElements.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.UINT8);
        assertThat(nullableElements.arguments().get(0).nullable()).isTrue();
        assertThat(nullableElements.arguments().get(0).typeName()).isEqualTo("UInt8 NULL");

        DatabendType both = DatabendType.parse("Nullable(Array(Int32 NULL))");
        assertThat(both.nullable()).isTrue();
        assertThat(both.arguments().get(0).nullable()).isTrue();
        assertThat(both.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.INT32);
    }

    @Test
    void maps() {
        DatabendType type = DatabendType.parse("Map(String, String NULL)");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.MAP);
        assertThat(type.javaType()).isEqualTo(Map.class);
        assertThat(type.arguments()).hasSize(2);
        assertThat(type.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.STRING);
        assertThat(type.arguments().get(0).nullable()).isFalse();
        assertThat(type.arguments().get(1).kind()).isEqualTo(DatabendTypeKind.STRING);
        assertThat(type.arguments().get(1).nullable()).isTrue();
    }

    @Test
    void tuples() {
        DatabendType type = DatabendType.parse("Nullable(Tuple(String NULL, Array(Int32 NULL) NULL))");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.TUPLE);
        assertThat(type.nullable()).isTrue();
        assertThat(type.arguments()).hasSize(2);
        assertThat(type.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.STRING);
        assertThat(type.arguments().get(0).nullable()).isTrue();
        DatabendType array = type.arguments().get(1);
        assertThat(array.kind()).isEqualTo(DatabendTypeKind.ARRAY);
        assertThat(array.nullable()).isTrue();
        assertThat(array.typeName()).isEqualTo("Array(Int32 NULL) NULL");
        assertThat(array.arguments().get(0).nullable()).isTrue();

        DatabendType single = DatabendType.parse("Tuple(Int32,)");
        assertThat(single.kind()).isEqualTo(DatabendTypeKind.TUPLE);
        assertThat(single.arguments()).singleElement().extracting(DatabendType::kind).isEqualTo(DatabendTypeKind.INT32);
    }

    @Test
    void timestampTzTopLevelAndNested() {
        assertThat(DatabendType.parse("Timestamp_Tz").kind()).isEqualTo(DatabendTypeKind.TIMESTAMP_TZ);
        DatabendType nullable = DatabendType.parse("Nullable(Timestamp_Tz)");
        assertThat(nullable.kind()).isEqualTo(DatabendTypeKind.TIMESTAMP_TZ);
        assertThat(nullable.nullable()).isTrue();
        DatabendType array = DatabendType.parse("Array(TimestampTz)");
        assertThat(array.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.TIMESTAMP_TZ);
    }

    @Test
    void nullAndNothing() {
        DatabendType nullType = DatabendType.parse("NULL");
        assertThat(nullType.kind()).isEqualTo(DatabendTypeKind.NULL);
        assertThat(nullType.nullable()).isTrue();

        DatabendType emptyArray = DatabendType.parse("Array(Nothing)");
        assertThat(emptyArray.kind()).isEqualTo(DatabendTypeKind.ARRAY);
        assertThat(emptyArray.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.NOTHING);

        DatabendType emptyMap = DatabendType.parse("Map(Nothing)");
        assertThat(emptyMap.kind()).isEqualTo(DatabendTypeKind.MAP);
        assertThat(emptyMap.arguments()).extracting(DatabendType::kind)
            .containsExactly(DatabendTypeKind.NOTHING, DatabendTypeKind.NOTHING);
    }

    @Test
    void vectorDimension() {
        DatabendType type = DatabendType.parse("Vector(3)");
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.VECTOR);
        assertThat(type.precision()).isEqualTo(3);
        assertThat(type.javaType()).isEqualTo(float[].class);
    }

    @Test
    void unknownNamesAreOther() {
        assertThat(DatabendType.parse("Opaque(2)").kind()).isEqualTo(DatabendTypeKind.OTHER);
        assertThat(DatabendType.parse("AggregateState(sum(Int32))").kind()).isEqualTo(DatabendTypeKind.OTHER);
        assertThat(DatabendType.parse("StageLocation").kind()).isEqualTo(DatabendTypeKind.OTHER);
        assertThat(DatabendType.parse("SomethingNew").javaType()).isEqualTo(String.class);
        DatabendType nested = DatabendType.parse("Array(Opaque(3) NULL)");
        assertThat(nested.arguments().get(0).kind()).isEqualTo(DatabendTypeKind.OTHER);
        assertThat(nested.arguments().get(0).nullable()).isTrue();
    }

    @Test
    void legacyNamesOfOldServers() {
        assertThat(DatabendType.parse("DateTime").kind()).isEqualTo(DatabendTypeKind.TIMESTAMP);
        assertThat(DatabendType.parse("Timestamp(6)").kind()).isEqualTo(DatabendTypeKind.TIMESTAMP);
        assertThat(DatabendType.parse("Nullable(Variant)").kind()).isEqualTo(DatabendTypeKind.VARIANT);
        assertThat(DatabendType.parse("Json").kind()).isEqualTo(DatabendTypeKind.VARIANT);
        DatabendType named = DatabendType.parse("Tuple(a Int32, b String NULL)");
        assertThat(named.arguments()).extracting(DatabendType::kind)
            .containsExactly(DatabendTypeKind.INT32, DatabendTypeKind.STRING);
        assertThat(named.arguments().get(1).nullable()).isTrue();
        assertThat(DatabendType.parse("EmptyArray").arguments().get(0).kind()).isEqualTo(DatabendTypeKind.NOTHING);
    }

    @Test
    void deepNestingKeepsEveryLevel() {
        String text = "Nullable(Array(Tuple(Int32 NULL, Map(String, Decimal(38, 10) NULL)) NULL))";
        DatabendType type = DatabendType.parse(text);
        assertThat(type.typeName()).isEqualTo(text);
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.ARRAY);
        DatabendType tuple = type.arguments().get(0);
        assertThat(tuple.kind()).isEqualTo(DatabendTypeKind.TUPLE);
        assertThat(tuple.nullable()).isTrue();
        DatabendType map = tuple.arguments().get(1);
        assertThat(map.kind()).isEqualTo(DatabendTypeKind.MAP);
        assertThat(map.nullable()).isFalse();
        DatabendType decimal = map.arguments().get(1);
        assertThat(decimal.kind()).isEqualTo(DatabendTypeKind.DECIMAL);
        assertThat(decimal.nullable()).isTrue();
        assertThat(decimal.precision()).isEqualTo(38);
        assertThat(decimal.scale()).isEqualTo(10);
        assertThat(decimal.typeName()).isEqualTo("Decimal(38, 10) NULL");
    }

    @Test
    void nestingAHundredLevelsDeep() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            text.append("Array(");
        }
        text.append("String NULL");
        for (int i = 0; i < 100; i++) {
            text.append(i % 2 == 0 ? ")" : ") NULL");
        }
        DatabendType type = DatabendType.parse(text.toString());
        int depth = 0;
        DatabendType current = type;
        while (current.kind() == DatabendTypeKind.ARRAY) {
            current = current.arguments().get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(100);
        assertThat(current.kind()).isEqualTo(DatabendTypeKind.STRING);
        assertThat(current.nullable()).isTrue();
    }

    @Test
    void parsedTypesCompareByStructure() {
        assertThat(DatabendType.parse("Array(Int32 NULL)")).isEqualTo(DatabendType.parse("Array(Int32  NULL)"));
        assertThat(DatabendType.parse("Array(Int32 NULL)")).isNotEqualTo(DatabendType.parse("Array(Int32)"));
        assertThat(DatabendType.parse("Decimal(10, 2)").toString()).isEqualTo("Decimal(10, 2)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "(", "Array(", "Array(Int32", "Array()", "Array(Int32, Int32)",
        "Map(String)", "Map(String, Int32, Int32)", "Decimal(a, 2)", "Decimal(77, 2)", "Decimal(0, 0)",
        "Decimal(10, 11)", "Decimal(10, 2", "Nullable(Int32, Int32)", "Nullable()", "Tuple()", "Tuple(Int32 Int64 Int8)",
        "Vector(x)", "Int32)", "Int32 NOTNULL", "Array(Int32) junk", "1Int", "Opaque(3", "Int32,", "Tuple(,)"})
    void rejectsMalformedTextNamingIt(String text) {
        assertThatThrownBy(() -> DatabendType.parse(text))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'" + text + "'");
    }

    private static void assertKind(String text, DatabendTypeKind kind, Class<?> javaType) {
        DatabendType type = DatabendType.parse(text);
        assertThat(type.kind()).as(text).isEqualTo(kind);
        assertThat(type.nullable()).as(text).isFalse();
        assertThat(type.typeName()).isEqualTo(text);
        assertThat(type.javaType()).as(text).isEqualTo(javaType);
        DatabendType nested = DatabendType.parse("Array(" + text + " NULL)").arguments().get(0);
        assertThat(nested.kind()).as(text).isEqualTo(kind);
        assertThat(nested.nullable()).as(text).isTrue();
    }
}
