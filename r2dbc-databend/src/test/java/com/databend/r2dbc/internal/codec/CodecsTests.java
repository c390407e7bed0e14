package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodecsTests {

    private static final DecodeContext UTC = DecodeContext.defaults();

    @Test
    void defaultsAreUtcAndHex() {
        assertThat(DecodeContext.defaults().timezone()).isEqualTo(ZoneOffset.UTC);
        assertThat(DecodeContext.defaults().binaryOutputFormat()).isEqualTo("HEX");
        assertThat(new DecodeContext(null, null)).isEqualTo(DecodeContext.defaults());
    }

    @Test
    void booleans() {
        assertThat(decode("1", "Boolean")).isEqualTo(true);
        assertThat(decode("0", "Boolean")).isEqualTo(false);
        assertThat(decode("true", "Boolean")).isEqualTo(true);
        assertThat(decode("FALSE", "Boolean")).isEqualTo(false);
        assertThat(Codecs.decode("1", type("Boolean"), boolean.class, UTC)).isTrue();
        assertThat(Codecs.decode("1", type("Boolean"), String.class, UTC)).isEqualTo("true");
        assertThatThrownBy(() -> decode("2", "Boolean")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'2'");
    }

    @Test
    void signedIntegers() {
        assertThat(decode("-128", "Int8")).isEqualTo((byte) -128);
        assertThat(decode("32767", "Int16")).isEqualTo((short) 32767);
        assertThat(decode("-5", "Int32")).isEqualTo(-5);
        assertThat(decode("-9223372036854775808", "Int64")).isEqualTo(Long.MIN_VALUE);
        assertThatThrownBy(() -> decode("128", "Int8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("1.5", "Int32")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unsignedIntegersUseTheNextWiderType() {
        assertThat(decode("255", "UInt8")).isEqualTo((short) 255);
        assertThat(decode("65535", "UInt16")).isEqualTo(65535);
        assertThat(decode("4294967295", "UInt32")).isEqualTo(4294967295L);
        assertThat(decode("18446744073709551615", "UInt64")).isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decode("7", "UInt64")).isEqualTo(BigInteger.valueOf(7));
        assertThatThrownBy(() -> decode("256", "UInt8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("-1", "UInt32")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("-1", "UInt64")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uint64AsLongWhenItFits() {
        assertThat(Codecs.decode("9223372036854775807", type("UInt64"), Long.class, UTC)).isEqualTo(Long.MAX_VALUE);
        assertThat(Codecs.decode("42", type("UInt64"), long.class, UTC)).isEqualTo(42L);
        assertThatThrownBy(() -> Codecs.decode("9223372036854775808", type("UInt64"), Long.class, UTC))
            .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void numbersWidenOnRequest() {
        assertThat(Codecs.decode("-5", type("Int8"), Long.class, UTC)).isEqualTo(-5L);
        assertThat(Codecs.decode("-5", type("Int8"), Integer.class, UTC)).isEqualTo(-5);
        assertThat(Codecs.decode("-5", type("Int16"), BigDecimal.class, UTC)).isEqualTo(BigDecimal.valueOf(-5));
        assertThat(Codecs.decode("255", type("UInt8"), Integer.class, UTC)).isEqualTo(255);
        assertThat(Codecs.decode("3", type("Int32"), Double.class, UTC)).isEqualTo(3.0);
        assertThat(Codecs.decode("1.5", type("Float32"), Double.class, UTC)).isEqualTo(1.5);
        assertThat(Codecs.decode("0.1", type("Float64"), BigDecimal.class, UTC)).isEqualTo(new BigDecimal("0.1"));
        assertThat(Codecs.decode("3.00", type("Decimal(3, 2)"), Double.class, UTC)).isEqualTo(3.0);
        assertThat(Codecs.decode("3.00", type("Decimal(3, 2)"), Integer.class, UTC)).isEqualTo(3);
        assertThat(Codecs.decode("18446744073709551615", type("UInt64"), BigDecimal.class, UTC))
            .isEqualTo(new BigDecimal("18446744073709551615"));
        assertThat(Codecs.decode("-5", type("Int64"), String.class, UTC)).isEqualTo("-5");
        assertThat(Codecs.decode("3.00", type("Decimal(3, 2)"), String.class, UTC)).isEqualTo("3.00");
        assertThat(Codecs.decode("12", type("Int32"), Number.class, UTC)).isEqualTo(12);
        assertThatThrownBy(() -> Codecs.decode("3.50", type("Decimal(3, 2)"), Integer.class, UTC))
            .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Codecs.decode("300", type("Int32"), Byte.class, UTC))
            .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Codecs.decode("NaN", type("Float64"), Long.class, UTC))
            .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void floatsWithSpecials() {
        assertThat(decode("1.0", "Float64")).isEqualTo(1.0);
        assertThat(decode("0.3333333333333333", "Float64")).isEqualTo(1.0 / 3);
        assertThat(decode("1.0234567899999998e+81", "Float64")).isEqualTo(1.0234567899999998e81);
        assertThat(decode("3.1482243104279148e-6", "Float64")).isEqualTo(3.1482243104279148e-6);
        assertThat(decode("-1e-6", "Float64")).isEqualTo(-1e-6);
        assertThat(decode("NaN", "Float64")).isEqualTo(Double.NaN);
        assertThat(decode("Infinity", "Float64")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decode("-Infinity", "Float64")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decode("inf", "Float64")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(decode("1.5", "Float32")).isEqualTo(1.5f);
        assertThat(decode("NaN", "Float32")).isEqualTo(Float.NaN);
        assertThat(decode("-Infinity", "Float32")).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> decode("one", "Float64")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("", "Float64")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalsKeepTheirExactScale() {
        assertThat(decode("3.00", "Decimal(3, 2)")).isEqualTo(new BigDecimal("3.00"));
        assertThat(((BigDecimal) decode("3.00", "Decimal(3, 2)")).scale()).isEqualTo(2);
        assertThat(decode("-0.05", "Decimal(10, 2)")).isEqualTo(new BigDecimal("-0.05"));
        assertThat(decode("0", "Decimal(10, 0)")).isEqualTo(BigDecimal.ZERO);
        assertThat(((BigDecimal) decode("1.5", "Decimal(10, 3)")).scale()).isEqualTo(3);
        String digits76 = "1234567890123456789012345678901234567890123456789012345678901234567890.123456";
        BigDecimal wide = (BigDecimal) decode(digits76, "Decimal(76, 6)");
        assertThat(wide.precision()).isEqualTo(76);
        assertThat(wide.toPlainString()).isEqualTo(digits76);
        assertThatThrownBy(() -> decode("x", "Decimal(3, 2)")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Decimal(3, 2)");
    }

    @Test
    void stringsAreRawAndClobOnRequest() {
        assertThat(decode("a\"b\\n", "String")).isEqualTo("a\"b\\n");
        assertThat(decode("", "String")).isEqualTo("");
        assertThat(decode("NULL", "Nullable(String)")).isEqualTo("NULL");
        Clob clob = Codecs.decode("hello 你好", type("String"), Clob.class, UTC);
        String read = Flux.from(clob.stream()).reduce(new StringBuilder(), StringBuilder::append)
            .map(StringBuilder::toString).block();
        assertThat(read).isEqualTo("hello 你好");
    }

    @Test
    void binaryInEveryOutputFormat() {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(bytes((ByteBuffer) decode("68656C6C6F", "Binary"))).isEqualTo(hello);
        assertThat(bytes((ByteBuffer) decode("68656c6c6f", "Binary"))).isEqualTo(hello);
        assertThat(bytes((ByteBuffer) Codecs.decode("aGVsbG8=", type("Binary"), new DecodeContext(ZoneOffset.UTC, "BASE64"))))
            .isEqualTo(hello);
        assertThat(bytes((ByteBuffer) Codecs.decode("hello", type("Binary"), new DecodeContext(ZoneOffset.UTC, "UTF-8"))))
            .isEqualTo(hello);
        assertThat(bytes((ByteBuffer) Codecs.decode("hello", type("Binary"), new DecodeContext(ZoneOffset.UTC, "utf-8-lossy"))))
            .isEqualTo(hello);
        assertThat(Codecs.decode("68656C6C6F", type("Binary"), byte[].class, UTC)).isEqualTo(hello);
        assertThat(Codecs.decode("68656C6C6F", type("Binary"), String.class, UTC)).isEqualTo("68656C6C6F");
        Blob blob = Codecs.decode("68656C6C6F", type("Binary"), Blob.class, UTC);
        ByteBuffer streamed = Mono.from(blob.stream()).block();
        assertThat(bytes(streamed)).isEqualTo(hello);
        assertThat(bytes((ByteBuffer) decode("", "Binary"))).isEmpty();
        assertThatThrownBy(() -> decode("ABC", "Binary")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("ZZ", "Binary")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Codecs.decode("68", type("Binary"), new DecodeContext(ZoneOffset.UTC, "octal")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("octal");
    }

    @Test
    void dates() {
        assertThat(decode("2024-04-10", "Date")).isEqualTo(LocalDate.of(2024, 4, 10));
        assertThat(decode("1", "Date")).isEqualTo(LocalDate.of(1970, 1, 2));
        assertThat(Codecs.decode("2024-04-10", type("Date"), LocalDateTime.class, UTC))
            .isEqualTo(LocalDateTime.of(2024, 4, 10, 0, 0));
        assertThatThrownBy(() -> decode("2024-13-10", "Date")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampsAreWallTimeInTheContextZone() {
        DatabendType timestamp = type("Timestamp");
        assertThat(decode("2021-12-20 17:01:01.000000", "Timestamp"))
            .isEqualTo(LocalDateTime.of(2021, 12, 20, 17, 1, 1));
        assertThat(decode("2022-04-07 01:01:01.123456", "Timestamp"))
            .isEqualTo(LocalDateTime.of(2022, 4, 7, 1, 1, 1, 123_456_000));
        assertThat(decode("2022-04-07 01:01:01", "Timestamp")).isEqualTo(LocalDateTime.of(2022, 4, 7, 1, 1, 1));

        DecodeContext shanghai = new DecodeContext(ZoneId.of("Asia/Shanghai"), "HEX");
        String cell = "2021-12-21 01:01:01.000000";
        assertThat(Codecs.decode(cell, timestamp, shanghai)).isEqualTo(LocalDateTime.of(2021, 12, 21, 1, 1, 1));
        Instant instant = Instant.parse("2021-12-20T17:01:01Z");
        assertThat(Codecs.decode(cell, timestamp, Instant.class, shanghai)).isEqualTo(instant);
        assertThat(Codecs.decode(cell, timestamp, OffsetDateTime.class, shanghai))
            .isEqualTo(OffsetDateTime.of(2021, 12, 21, 1, 1, 1, 0, ZoneOffset.ofHours(8)));
        assertThat(Codecs.decode(cell, timestamp, ZonedDateTime.class, shanghai))
            .isEqualTo(ZonedDateTime.of(2021, 12, 21, 1, 1, 1, 0, ZoneId.of("Asia/Shanghai")));
        assertThat(Codecs.decode(cell, timestamp, LocalDate.class, shanghai)).isEqualTo(LocalDate.of(2021, 12, 21));
        assertThat(Codecs.decode(cell, timestamp, LocalTime.class, shanghai)).isEqualTo(LocalTime.of(1, 1, 1));
        assertThat(Codecs.decode(cell, timestamp, String.class, shanghai)).isEqualTo(cell);

        assertThat(Codecs.decode("1639998961123456", timestamp, Instant.class, UTC))
            .isEqualTo(Instant.parse("2021-12-20T11:16:01.123456Z"));
        assertThatThrownBy(() -> decode("2021-12-20 25:00:00.000000", "Timestamp"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("yesterday", "Timestamp")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timestampTzKeepsItsOffset() {
        assertThat(decode("2024-04-16 12:34:56.789000 +0600", "Timestamp_Tz"))
            .isEqualTo(OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(6)));
        assertThat(decode("2025-01-01 10:00:00.000000 +0830", "Timestamp_Tz"))
            .isEqualTo(OffsetDateTime.of(2025, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHoursMinutes(8, 30)));
        assertThat(decode("2021-12-20 17:01:01.000000 -0500", "Timestamp_Tz"))
            .isEqualTo(OffsetDateTime.of(2021, 12, 20, 17, 1, 1, 0, ZoneOffset.ofHours(-5)));
        assertThat(Codecs.decode("2021-12-20 09:01:01.000000 +0800", type("Timestamp_Tz"), Instant.class, UTC))
            .isEqualTo(Instant.parse("2021-12-20T01:01:01Z"));
        assertThat(Codecs.decode("2021-12-20 09:01:01.000000 +0800", type("Timestamp_Tz"), ZonedDateTime.class, UTC)
            .toInstant()).isEqualTo(Instant.parse("2021-12-20T01:01:01Z"));
        assertThat(decode("1639998961123456 20700", "Timestamp_Tz"))
            .isEqualTo(OffsetDateTime.of(2021, 12, 20, 17, 1, 1, 123_456_000, ZoneOffset.ofHoursMinutes(5, 45)));
        assertThatThrownBy(() -> decode("2024-04-16 12:34:56.789000 +99", "Timestamp_Tz"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void intervals() {
        assertThat(decode("1 year 2 months 3 days 4:05:06.5", "Interval"))
            .isEqualTo(DatabendInterval.of(14, 3, 4 * 3_600_000_000L + 5 * 60_000_000L + 6_500_000L));
        assertThat(decode("00:00:00", "Interval")).isEqualTo(DatabendInterval.of(0, 0, 0));
        assertThat(Codecs.decode("25:01:01.000001", type("Interval"), Duration.class, UTC))
            .isEqualTo(Duration.ofHours(25).plusMinutes(1).plusSeconds(1).plusNanos(1000));
        assertThatThrownBy(() -> Codecs.decode("1 month", type("Interval"), Duration.class, UTC))
            .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void variantIsCompactJsonText() {
        assertThat(decode("{\"k\":\"v\"}", "Variant")).isEqualTo("{\"k\":\"v\"}");
        assertThat(decode("\"abc\"", "Variant")).isEqualTo("\"abc\"");
        assertThat(decode("null", "Nullable(Variant)")).isEqualTo("null");
        assertThat(decode("NULL", "Nullable(Variant)")).isNull();
    }

    @Test
    void geometryBitmapAndUnknownTypesAreText() {
        String geoJson = "{\"type\": \"Point\", \"coordinates\": [1.0,2.0]}";
        assertThat(decode(geoJson, "Geometry")).isEqualTo(geoJson);
        assertThat(decode("POINT(1 2)", "Geography")).isEqualTo("POINT(1 2)");
        assertThat(Codecs.decode("0101000000000000000000F03F0000000000000040", type("Geometry"), byte[].class, UTC))
            .hasSize(21).startsWith(1, 1, 0, 0, 0);
        assertThat(decode("<bitmap binary>", "Bitmap")).isEqualTo("<bitmap binary>");
        assertThat(decode("0A00", "Opaque(2)")).isEqualTo("0A00");
    }

    @Test
    void nullCellsAndTheLegacyNullText() {
        assertThat(decode(null, "Int32")).isNull();
        assertThat(decode(null, "Nullable(String)")).isNull();
        assertThat(decode("NULL", "Nullable(Int32)")).isNull();
        assertThat(decode("NULL", "Nullable(Timestamp)")).isNull();
        assertThat(decode("NULL", "NULL")).isNull();
        assertThat(Codecs.decode(null, type("Int32"), int.class, UTC)).isNull();
        assertThat(Codecs.decode("NULL", type("Nullable(Int32)"), Long.class, UTC)).isNull();
        assertThatThrownBy(() -> decode("NULL", "Int32")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectTargetMeansTheDefaultType() {
        assertThat(Codecs.decode("7", type("UInt8"), Object.class, UTC)).isEqualTo((short) 7);
    }

    @Test
    void unconvertibleTargetsNameTypeAndTarget() {
        assertThatThrownBy(() -> Codecs.decode("2024-04-10", type("Date"), Instant.class, UTC))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Date").hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> Codecs.decode("1", type("Int32"), LocalDate.class, UTC))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("Int32").hasMessageContaining("java.time.LocalDate");
    }

    // ---- nested values ----

    @Test
    void arraysOfNumbersWithNulls() {
        assertThat(decode("[1,2,NULL]", "Array(Int32 NULL)")).isEqualTo(Arrays.asList(1, 2, null));
        assertThat(decode("[]", "Array(Nothing)")).isEqualTo(List.of());
        assertThat(decode("[1,2,3,4,5]", "Array(Int64)")).isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
        assertThat(decode("[ 1 , 2 ]", "Array(UInt8)")).isEqualTo(List.of((short) 1, (short) 2));
        assertThat(decode("[1,0]", "Array(Boolean)")).isEqualTo(List.of(true, false));
        assertThat(decode("[NaN,Infinity,-1e-6]", "Array(Float64)"))
            .isEqualTo(List.of(Double.NaN, Double.POSITIVE_INFINITY, -1e-6));
        assertThat(decode("[3.00,-0.05]", "Array(Decimal(10, 2))"))
            .isEqualTo(List.of(new BigDecimal("3.00"), new BigDecimal("-0.05")));
    }

    @Test
    void arraysOfStrings() {
        assertThat(decode("[\"x\",\"y\"]", "Array(String)")).isEqualTo(List.of("x", "y"));
        assertThat(decode("[\"NULL\",NULL]", "Array(String NULL)")).isEqualTo(Arrays.asList("NULL", null));
        assertThat(decode("[\"a,b\",\"c]d\",\"(e)\",\"{f:g}\"]", "Array(String)"))
            .isEqualTo(List.of("a,b", "c]d", "(e)", "{f:g}"));
        assertThat(decode("[\"p\\\"q\"]", "Array(String)")).isEqualTo(List.of("p\"q"));
        assertThat(decode("[\"\"]", "Array(String)")).isEqualTo(List.of(""));
        assertThat(decode("[\"line1\nline2\",\"tab\\there\"]", "Array(String)"))
            .isEqualTo(List.of("line1\nline2", "tab\\there"));
        assertThat(decode("['it\\'s','a\\\\b','x\\ny']", "Array(String)"))
            .isEqualTo(List.of("it's", "a\\b", "x\ny"));
    }

    @Test
    void nestedStringsEndingInABackslashAreReadRobustly() {
        // A string ending in '\' is written "a\" by servers that escape only the quote.
        assertThat(decode("[\"a\\\",\"b\"]", "Array(String)")).isEqualTo(List.of("a\\", "b"));
        assertThat(decode("[\"a\\\"]", "Array(String)")).isEqualTo(List.of("a\\"));
        assertThat(decode("(\"x\\\",7)", "Tuple(String, Int32)")).isEqualTo(List.of("x\\", 7));
        // ... while an escaped quote followed by a delimiter inside the string is still a quote.
        assertThat(decode("[\"a\\\",\\\"b\"]", "Array(String)")).isEqualTo(List.of("a\",\"b"));
        // Both readings in one value: a quote-comma-quote inside the first string, a final backslash in the second.
        assertThat(decode("[\"x\\\",\\\"y\", \"z\\\"]", "Array(String)")).isEqualTo(List.of("x\",\"y", "z\\"));
        assertThat(decode("{\"k\\\":\"v\\\",\"k2\":\"a\\\"b\"}", "Map(String, String)"))
            .isEqualTo(Map.of("k\\", "v\\", "k2", "a\"b"));
    }

    @Test
    void mapsKeepInsertionOrder() {
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put("k2", "v2");
        expected.put("k1", null);
        expected.put("a:b", "c,d");
        Object map = decode("{\"k2\":\"v2\",\"k1\":NULL,\"a:b\":\"c,d\"}", "Map(String, String NULL)");
        assertThat(map).isInstanceOf(LinkedHashMap.class).isEqualTo(expected);
        assertThat(((Map<?, ?>) map).keySet().toArray()).containsExactly("k2", "k1", "a:b");
        assertThat(decode("{1:10,2:20}", "Map(UInt8, Int64)")).isEqualTo(Map.of((short) 1, 10L, (short) 2, 20L));
        assertThat(decode("{}", "Map(Nothing)")).isEqualTo(Map.of());
    }

    @Test
    void tuples() {
        assertThat(decode("(1,\"ab\")", "Tuple(Int32, String)")).isEqualTo(List.of(1, "ab"));
        assertThat(decode("([1,2],\"2024-04-10\")", "Tuple(Array(Int32), Date)"))
            .isEqualTo(List.of(List.of(1, 2), LocalDate.of(2024, 4, 10)));
        assertThat(decode("(7,\"p\\\"q\")", "Tuple(Int32, String)")).isEqualTo(List.of(7, "p\"q"));
        assertThat(decode("(NULL)", "Tuple(Int32 NULL,)")).isEqualTo(Arrays.asList((Object) null));
        assertThat(decode("(5,)", "Tuple(Int32,)")).isEqualTo(List.of(5));
        assertThatThrownBy(() -> decode("(1,2,3)", "Tuple(Int32, Int32)")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode("(1)", "Tuple(Int32, Int32)")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotedScalarsInsideNestedValues() {
        assertThat(decode("[\"2021-12-20 17:01:01.000000\"]", "Array(Timestamp)"))
            .isEqualTo(List.of(LocalDateTime.of(2021, 12, 20, 17, 1, 1)));
        assertThat(decode("[\"2024-04-16 12:34:56.789000 +0600\"]", "Array(TimestampTz)"))
            .isEqualTo(List.of(OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(6))));
        assertThat(decode("[\"1 day\",\"0:00:01\"]", "Array(Interval)"))
            .isEqualTo(List.of(DatabendInterval.of(0, 1, 0), DatabendInterval.of(0, 0, 1_000_000)));
        assertThat(decode("[\"<bitmap binary>\"]", "Array(Bitmap)")).isEqualTo(List.of("<bitmap binary>"));
    }

    @Test
    void unquotedBinaryInsideNestedValues() {
        List<?> values = (List<?>) decode("[78,79227A]", "Array(Binary)");
        assertThat(values).hasSize(2);
        assertThat(bytes((ByteBuffer) values.get(0))).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(bytes((ByteBuffer) values.get(1))).isEqualTo("y\"z".getBytes(StandardCharsets.UTF_8));
        List<?> base64 = (List<?>) Codecs.decode("[aGVsbG8=,d29ybGQ=]", type("Array(Binary)"),
            new DecodeContext(ZoneOffset.UTC, "BASE64"));
        assertThat(bytes((ByteBuffer) base64.get(1))).isEqualTo("world".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rawJsonInsideNestedValues() {
        assertThat(decode("[1,2,\"3\"]", "Array(Variant)")).isEqualTo(List.of("1", "2", "\"3\""));
        assertThat(decode("[{\"a\":[1,{\"b\":\"]}\"}]},\"x\\\"y\",null,true]", "Array(Variant NULL)"))
            .isEqualTo(List.of("{\"a\":[1,{\"b\":\"]}\"}]}", "\"x\\\"y\"", "null", "true"));
        assertThat(decode("{\"k\":{\"n\":[1,2]}}", "Map(String, Variant)")).isEqualTo(Map.of("k", "{\"n\":[1,2]}"));
        assertThat(decode("[{\"type\": \"Point\", \"coordinates\": [1.0,2.0]},\"POINT(1 2)\"]", "Array(Geometry)"))
            .isEqualTo(List.of("{\"type\": \"Point\", \"coordinates\": [1.0,2.0]}", "POINT(1 2)"));
    }

    @Test
    void deeplyNestedValues() {
        String type = "Nullable(Array(Tuple(Int32 NULL, Map(String, Decimal(38, 10) NULL)) NULL))";
        Object value = decode("[(1,{\"a\":1.5000000000,\"b\":NULL}),NULL,(NULL,{})]", type);
        Map<Object, Object> first = new LinkedHashMap<>();
        first.put("a", new BigDecimal("1.5000000000"));
        first.put("b", null);
        assertThat(value).isEqualTo(Arrays.asList(Arrays.asList(1, first), null, Arrays.asList(null, Map.of())));
        assertThat(decode("[[[1],[]],[[2,3]]]", "Array(Array(Array(Int8)))"))
            .isEqualTo(List.of(List.of(List.of((byte) 1), List.of()), List.of(List.of((byte) 2, (byte) 3))));
    }

    @Test
    void vectorsAreFloatArrays() {
        assertThat((float[]) decode("[1.0,2.0,3.0]", "Vector(3)")).containsExactly(1.0f, 2.0f, 3.0f);
        assertThat((float[]) decode("[]", "Vector(0)")).isEmpty();
        assertThat(Codecs.decode("[1.0,2.5]", type("Vector(2)"), double[].class, UTC)).containsExactly(1.0, 2.5);
        assertThat(Codecs.decode("[1.0,2.5]", type("Vector(2)"), String.class, UTC)).isEqualTo("[1.0,2.5]");
        assertThat((float[]) decode("[1.0,2.0,3.0,4.0,5.0,6.0]", "Vector(6)")).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
    }

    @Test
    void arraysConvertToJavaArraysOnRequest() {
        assertThat(Codecs.decode("[1,2,3]", type("Array(Int32)"), int[].class, UTC)).containsExactly(1, 2, 3);
        assertThat(Codecs.decode("[1,2,NULL]", type("Array(Int32 NULL)"), Long[].class, UTC))
            .containsExactly(1L, 2L, null);
        assertThat(Codecs.decode("[\"x\",\"y\"]", type("Array(String)"), String[].class, UTC)).containsExactly("x", "y");
        assertThat(Codecs.decode("[[1],[2,3]]", type("Array(Array(Int32))"), int[][].class, UTC))
            .isDeepEqualTo(new int[][] {{1}, {2, 3}});
        assertThat(Codecs.decode("[1,2]", type("Array(Int32)"), String.class, UTC)).isEqualTo("[1,2]");
        assertThatThrownBy(() -> Codecs.decode("[1,NULL]", type("Array(Int32 NULL)"), int[].class, UTC))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedNestedValuesAreRejected() {
        for (String[] bad : new String[][] {
            {"[1,2", "Array(Int32)"}, {"[1,,2]", "Array(Int32)"}, {"[1 2]", "Array(Int32)"}, {"1,2]", "Array(Int32)"},
            {"[1,2]]", "Array(Int32)"}, {"[\"abc]", "Array(String)"}, {"{\"a\" \"b\"}", "Map(String, String)"},
            {"{\"a\":}", "Map(String, String)"}, {"[x]", "Array(Int32)"}, {"[[1]", "Array(Array(Int32))"},
            {"[{\"a\":1]", "Array(Variant)"}, {"[1.0,x]", "Vector(2)"}, {"", "Array(Int32)"}, {"[abc]", "Array(String)"}}) {
            assertThatThrownBy(() -> decode(bad[0], bad[1])).as(bad[0])
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad[1]);
        }
    }

    private static Object decode(String cell, String typeText) {
        return Codecs.decode(cell, type(typeText), UTC);
    }

    private static DatabendType type(String text) {
        return DatabendType.parse(text);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
