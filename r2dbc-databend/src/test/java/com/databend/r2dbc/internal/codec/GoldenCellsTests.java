package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The cells of the recorded responses (r2dbc-databend-test-support) decode to the values they stand for. */
class GoldenCellsTests {

    private static final DecodeContext UTC = DecodeContext.defaults();
    private static final long HOUR = 3_600_000_000L;
    private static final long MINUTE = 60_000_000L;
    private static final long SECOND = 1_000_000L;

    @Test
    void legacyFloat64AndUInt64() {
        GoldenFiles.Response response = GoldenFiles.response("L1_legacy_v0.9_select_float64_uint64.json");
        List<DatabendType> types = types(response);
        assertThat(types).extracting(DatabendType::kind).containsExactly(DatabendTypeKind.FLOAT64, DatabendTypeKind.UINT64);
        assertThat(response.data()).hasSize(10);
        for (int number = 0; number < 10; number++) {
            List<String> row = response.data().get(number);
            assertThat(Codecs.decode(row.get(0), types.get(0), UTC)).isEqualTo(number / 3.0);
            assertThat(Codecs.decode(row.get(1), types.get(1), UTC)).isEqualTo(BigInteger.valueOf(number + 1));
            assertThat(Codecs.decode(row.get(1), types.get(1), Long.class, UTC)).isEqualTo(number + 1L);
        }
    }

    @Test
    void legacyDateAndTimestamp() {
        GoldenFiles.Response response = GoldenFiles.response("L3_legacy_v0.9_date_timestamp.json");
        List<DatabendType> types = types(response);
        assertThat(types).extracting(DatabendType::kind).containsExactly(DatabendTypeKind.DATE, DatabendTypeKind.TIMESTAMP);
        assertThat(response.data()).hasSize(6);
        for (int i = 0; i < 6; i++) {
            List<String> row = response.data().get(i);
            boolean even = i % 2 == 0;
            assertThat(Codecs.decode(row.get(0), types.get(0), UTC))
                .isEqualTo(even ? LocalDate.of(2022, 4, 7) : LocalDate.of(2022, 4, 8));
            assertThat(Codecs.decode(row.get(1), types.get(1), UTC)).isEqualTo(even
                ? LocalDateTime.of(2022, 4, 7, 1, 1, 1, 123_456_000) : LocalDateTime.of(2022, 4, 8, 1, 1, 1));
            assertThat(Codecs.decode(row.get(1), types.get(1), Instant.class, UTC)).isEqualTo(even
                ? Instant.parse("2022-04-07T01:01:01.123456Z") : Instant.parse("2022-04-08T01:01:01Z"));
        }
    }

    @Test
    void legacyInt8VariantTimestampStringArray() {
        GoldenFiles.Response response = GoldenFiles.response("L6_legacy_v0.9_int8_variant_timestamp_string_array.json");
        List<DatabendType> types = types(response);
        assertThat(types).extracting(DatabendType::kind).containsExactly(DatabendTypeKind.INT8,
            DatabendTypeKind.VARIANT, DatabendTypeKind.TIMESTAMP, DatabendTypeKind.STRING, DatabendTypeKind.ARRAY);
        List<Object> row = decodeRow(response.data().get(0), types, UTC);
        assertThat(row).containsExactly((byte) 1, "{\"a\": 1,\"b\": 2}",
            LocalDateTime.of(1983, 7, 12, 21, 30, 55, 888_000_000), "hello world, 你好", List.of(1L, 2L, 3L, 4L, 5L));
    }

    @Test
    void legacyNullableVariant() {
        GoldenFiles.Response response = GoldenFiles.response("L7_legacy_v0.9_nullable_variant.json");
        DatabendType type = types(response).get(0);
        assertThat(type.kind()).isEqualTo(DatabendTypeKind.VARIANT);
        assertThat(type.nullable()).isTrue();
        List<Object> values = new ArrayList<>();
        for (List<String> row : response.data()) {
            values.add(Codecs.decode(row.get(0), type, UTC));
        }
        assertThat(values).containsExactly("1", "1.34", "true", "[1,2,3,[\"a\",\"b\",\"c\"]]", "{\"a\":1,\"b\":{\"c\":2}}");
    }

    @Test
    void paramsResponses() {
        String file = "19_params_data_arrays.result.txt";
        List<List<String>> positional = GoldenFiles.dataSections(file, "positional ? params").get(0);
        assertThat(decodeRow(positional.get(0), types("UInt8", "String", "Boolean"), UTC))
            .containsExactly((short) 42, "hello", true);

        List<List<String>> named = GoldenFiles.dataSections(file, "named :name params").get(0);
        assertThat(decodeRow(named.get(0), types("UInt8", "String"), UTC)).containsExactly((short) 30, "Alice");

        List<List<String>> nullAndBool = GoldenFiles.dataSections(file, "null and bool params").get(0);
        assertThat(decodeRow(nullAndBool.get(0), types("NULL", "Boolean"), UTC)).containsExactly(null, false);
        assertThat(decodeRow(nullAndBool.get(0), types("Nullable(Int32)", "Nullable(Boolean)"), UTC))
            .containsExactly(null, false);

        List<List<String>> inserted = GoldenFiles.dataSections(file, "insert with params").get(0);
        List<DatabendType> table = types("Nullable(Int32)", "Nullable(String)", "Nullable(Boolean)");
        assertThat(inserted).hasSize(2);
        assertThat(decodeRow(inserted.get(0), table, UTC)).containsExactly(1, "row1", true);
        assertThat(decodeRow(inserted.get(1), table, UTC)).containsExactly(2, "row2", false);

        List<List<List<String>>> injection = GoldenFiles.dataSections(file, "sql injection prevention");
        assertThat(Codecs.decode(injection.get(0).get(0).get(0), DatabendType.parse("String"), UTC))
            .isEqualTo("Robert'); DROP TABLE t_params_test;--");
        assertThat(Codecs.decode(injection.get(1).get(0).get(0), DatabendType.parse("UInt64"), Long.class, UTC))
            .isEqualTo(2L);
    }

    @Test
    void floatSpecialsAndShortestText() {
        DatabendType float32 = DatabendType.parse("Float32");
        DatabendType float64 = DatabendType.parse("Float64");
        assertThat(Codecs.decode(single("SELECT 'inf'::float"), float32, UTC)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Codecs.decode(single("SELECT '-inf'::float"), float32, UTC)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Codecs.decode(single("SELECT 'nan'::float"), float32, UTC)).isEqualTo(Float.NaN);

        String[] pair = single("select 10.234567899999999e80").split(" ");
        assertThat(Codecs.decode(pair[0], float64, UTC)).isEqualTo(10.234567899999999e80);
        assertThat(Codecs.decode(pair[1], float64, UTC)).isEqualTo(1.2345678901234568e-11);

        String[] four = single("(POW(FLOOR(ABS(9876.54321)").split(" ");
        assertThat(Arrays.stream(four).map(cell -> Codecs.decode(cell, float64, UTC)))
            .containsExactly(9754610558146624.0, 1.817827108747062e19, 31415.0, 1.8188025698028737e19);

        assertThat(Codecs.decode(single("select EXTRACT(EPOCH FROM"), float64, UTC)).isEqualTo(-1e-6);
        assertThat(Codecs.decode(single("select h3_cell_area_rads2"), float64, UTC)).isEqualTo(3.1482243104279148e-6);

        List<String> ifs = GoldenFiles.sqlLogicResults("select if (number > 0, 1 / number, null)").get(0);
        DatabendType nullable = DatabendType.parse("Nullable(Float64)");
        assertThat(ifs.stream().map(cell -> Codecs.decode(cell, nullable, UTC))).containsExactly(null, 1.0);
        List<String> numbers = GoldenFiles.sqlLogicResults("select if(number<4, number, number / 0)").get(0);
        assertThat(numbers.stream().map(cell -> Codecs.decode(cell, float64, UTC))).containsExactly(0.0, 1.0, 2.0);
    }

    @Test
    void intervals() {
        DatabendType interval = DatabendType.parse("Interval");
        List<String> sorted = GoldenFiles.sqlLogicResults("select * from t order by c").get(0);
        assertThat(sorted.stream().map(cell -> Codecs.decode(cell, interval, UTC))).containsExactly(
            DatabendInterval.of(0, 0, 1), DatabendInterval.of(0, 0, SECOND), DatabendInterval.of(0, 0, MINUTE),
            DatabendInterval.of(0, 0, HOUR), DatabendInterval.of(0, 1, 0), DatabendInterval.of(1, 0, 0),
            DatabendInterval.of(12, 0, 0));
        String sum = single("select sum(c) from t;");
        assertThat(Codecs.decode(sum, interval, UTC))
            .isEqualTo(DatabendInterval.of(0, 0, 9385 * HOUR + MINUTE + SECOND + 1));
        String bounded = single("select sum(c) from t where c <= interval '1 day'");
        assertThat(Codecs.decode(bounded, interval, UTC)).isEqualTo(DatabendInterval.of(0, 0, 25 * HOUR + MINUTE + SECOND + 1));
        for (String cell : sorted) {
            assertThat(Codecs.decode(cell, interval, UTC).toString()).isEqualTo(cell);
        }
        assertThat(Codecs.decode(sum, interval, UTC).toString()).isEqualTo(sum);
    }

    @Test
    void variantsOfTimestampTzAndInterval() {
        DatabendType variant = DatabendType.parse("Variant");
        DatabendType timestampTz = DatabendType.parse("Timestamp_Tz");
        DatabendType interval = DatabendType.parse("Interval");
        for (String[] offsetCase : new String[][] {{"+0800", "8:00"}, {"+0830", "8:30"}}) {
            String row = single("select to_timestamp_tz('2025-01-01 10:00:00 " + offsetCase[0] + "')::variant");
            List<String> cells = splitAfterQuotedVariant(row, 3);
            assertThat(Codecs.decode(cells.get(0), variant, UTC))
                .isEqualTo("\"2025-01-01 10:00:00.000000 " + offsetCase[0] + "\"");
            String[] hoursMinutes = offsetCase[1].split(":");
            OffsetDateTime expected = OffsetDateTime.of(2025, 1, 1, 10, 0, 0, 0,
                ZoneOffset.ofHoursMinutes(Integer.parseInt(hoursMinutes[0]), Integer.parseInt(hoursMinutes[1])));
            for (String cell : cells.subList(1, 4)) {
                assertThat(Codecs.decode(cell, timestampTz, UTC)).isEqualTo(expected);
            }
        }
        for (String[] intervalCase : new String[][] {{"10 months 2 days", "10", "2"}, {"-10 months -2 days", "-10", "-2"}}) {
            String row = single("select to_interval('" + intervalCase[0] + "')::variant");
            List<String> cells = splitAfterQuotedVariant(row, 3);
            assertThat(Codecs.decode(cells.get(0), variant, UTC)).isEqualTo("\"" + intervalCase[0] + "\"");
            DatabendInterval expected = DatabendInterval.of(Integer.parseInt(intervalCase[1]),
                Integer.parseInt(intervalCase[2]), 0);
            for (String cell : cells.subList(1, 4)) {
                assertThat(Codecs.decode(cell, interval, UTC)).isEqualTo(expected);
                assertThat(expected.toString()).isEqualTo(cell);
            }
        }
    }

    @Test
    void timestampsAreWallTimesOfTheSessionZone() {
        DatabendType timestamp = DatabendType.parse("Timestamp");
        DatabendType timestampTz = DatabendType.parse("Timestamp_Tz");
        // Rendered under UTC, then (as a String) under Asia/Shanghai.
        List<List<String>> promoted = GoldenFiles.sqlLogicResults(
            "select to_timestamp_tz(to_timestamp('2021-12-20 17:01:01.000000'))");
        assertThat(promoted).hasSize(2);
        assertThat(Codecs.decode(promoted.get(0).get(0), timestampTz, UTC))
            .isEqualTo(OffsetDateTime.of(2021, 12, 20, 17, 1, 1, 0, ZoneOffset.UTC));
        assertThat(Codecs.decode(promoted.get(1).get(0), timestampTz, Instant.class, UTC))
            .isEqualTo(Instant.parse("2021-12-20T01:01:01Z"));

        // The same instant, first under timezone Asia/Shanghai, then under UTC.
        List<List<String>> sameInstant = GoldenFiles.sqlLogicResults(
            "select to_timestamp(to_timestamp_tz('2021-12-20 17:01:01.000000 +0000'))");
        assertThat(sameInstant).hasSize(2);
        DecodeContext shanghai = new DecodeContext(ZoneId.of("Asia/Shanghai"), "HEX");
        assertThat(Codecs.decode(sameInstant.get(0).get(0), timestamp, shanghai))
            .isEqualTo(LocalDateTime.of(2021, 12, 21, 1, 1, 1));
        assertThat(Codecs.decode(sameInstant.get(0).get(0), timestamp, Instant.class, shanghai))
            .isEqualTo(Instant.parse("2021-12-20T17:01:01Z"));
        assertThat(Codecs.decode(sameInstant.get(1).get(0), timestamp, Instant.class, UTC))
            .isEqualTo(Instant.parse("2021-12-20T17:01:01Z"));

        assertThat(Codecs.decode(single("select to_timestamp(to_timestamp_tz('2021-12-20 17:01:01.000000 +0800'))"),
            timestamp, Instant.class, UTC)).isEqualTo(Instant.parse("2021-12-20T09:01:01Z"));
        assertThat(Codecs.decode(single("select to_timestamp_tz('2024-04-16 12:34:56.789 +0600')"), timestampTz, UTC))
            .isEqualTo(OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(6)));
    }

    @Test
    void variantsArraysAndMaps() {
        DatabendType variant = DatabendType.parse("Variant");
        assertThat(Codecs.decode(single("SELECT '{\"k\":\"v\"}'::variant"), variant, UTC)).isEqualTo("{\"k\":\"v\"}");
        assertThat(Codecs.decode(single("SELECT to_variant('abc')"), variant, UTC)).isEqualTo("\"abc\"");
        assertThat(Codecs.decode(single("SELECT to_variant('{\"k\":\"v\"}')"), variant, UTC))
            .isEqualTo("\"{\\\"k\\\":\\\"v\\\"}\"");

        String[] arrayRow = single("select '[1,2,\"3\"]'::Variant a").split(" ");
        assertThat(decodeRow(Arrays.asList(arrayRow), types("Variant", "Array(Variant)", "Boolean"), UTC))
            .containsExactly("[1,2,\"3\"]", List.of("1", "2", "\"3\""), true);

        String[] mapRow = single("select '{\"k1\":\"v1\",\"k2\":\"v2\"}'::Variant a").split(" ");
        assertThat(decodeRow(Arrays.asList(mapRow), types("Variant", "Map(String, String)", "Boolean"), UTC))
            .containsExactly("{\"k1\":\"v1\",\"k2\":\"v2\"}", Map.of("k1", "v1", "k2", "v2"), true);

        String[] minMax = single("SELECT max(var), min(var) FROM t1").split(" ");
        assertThat(decodeRow(Arrays.asList(minMax), types("Nullable(Variant)", "Nullable(Variant)"), UTC))
            .containsExactly("{\"k\":\"v\"}", "\"abcd\"");
    }

    @Test
    void binaryInHexBase64AndUtf8() {
        List<List<String>> outputs = GoldenFiles.sqlLogicResults("select v from fmt_bin order by id");
        assertThat(outputs).hasSize(3);
        String[] formats = {"hex", "base64", "utf-8"};
        DatabendType binary = DatabendType.parse("Nullable(Binary)");
        for (int i = 0; i < formats.length; i++) {
            DecodeContext context = new DecodeContext(ZoneOffset.UTC, formats[i]);
            List<String> texts = new ArrayList<>();
            for (String cell : outputs.get(i)) {
                ByteBuffer bytes = (ByteBuffer) Codecs.decode(cell, binary, context);
                texts.add(StandardCharsets.UTF_8.decode(bytes).toString());
            }
            assertThat(texts).as(formats[i]).containsExactly("hello", "world", "hello unicode");
        }
    }

    @Test
    void geometryText() {
        String cell = single("SELECT TO_STRING(ST_GEOMPOINTFROMGEOHASH('s02equ0'))");
        assertThat(Codecs.decode(cell, DatabendType.parse("Geometry"), UTC))
            .isEqualTo("{\"type\": \"Point\", \"coordinates\": [1.0004425048828125,2.0001983642578125]}");
        assertThat(Codecs.decode("[" + cell + "]", DatabendType.parse("Array(Geometry)"), UTC)).isEqualTo(List.of(cell));
    }

    private static String single(String sqlFragment) {
        List<String> lines = GoldenFiles.sqlLogicResults(sqlFragment).get(0);
        assertThat(lines).as(sqlFragment).hasSize(1);
        return lines.get(0);
    }

    /** A row whose first column is a JSON-string variant and whose other columns have equal word counts. */
    private static List<String> splitAfterQuotedVariant(String row, int columns) {
        int close = row.indexOf('"', 1);
        List<String> cells = new ArrayList<>();
        cells.add(row.substring(0, close + 1));
        String[] words = row.substring(close + 2).split(" ");
        int perColumn = words.length / columns;
        for (int c = 0; c < columns; c++) {
            cells.add(String.join(" ", Arrays.copyOfRange(words, c * perColumn, (c + 1) * perColumn)));
        }
        return cells;
    }

    private static List<DatabendType> types(GoldenFiles.Response response) {
        List<DatabendType> types = new ArrayList<>();
        for (String text : response.types()) {
            types.add(DatabendType.parse(text));
        }
        return types;
    }

    private static List<DatabendType> types(String... texts) {
        List<DatabendType> types = new ArrayList<>();
        for (String text : texts) {
            types.add(DatabendType.parse(text));
        }
        return types;
    }

    private static List<Object> decodeRow(List<String> row, List<DatabendType> types, DecodeContext context) {
        assertThat(row).hasSameSizeAs(types);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            values.add(Codecs.decode(row.get(i), types.get(i), context));
        }
        return values;
    }
}
