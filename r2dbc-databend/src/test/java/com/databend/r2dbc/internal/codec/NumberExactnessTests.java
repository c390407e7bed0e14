package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.internal.client.ResponseParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Numbers decode exactly as the JDK reads their text: doubles and floats bit for bit as {@link Double#parseDouble}
 * and {@link Float#parseFloat}, decimals as {@code new BigDecimal(text)} (scale included), integers at the bounds
 * of every width. Each text is decoded twice, from a page's bytes ({@link PageCells}, the path of rows) and from a
 * String ({@link Codecs}, the path of nested elements and conversions), and both must give the expected value.
 */
class NumberExactnessTests {

    private static final DecodeContext UTC = DecodeContext.defaults();
    /** Fixed, so that a failure is reproduced by the next run. */
    private static final long SEED = 20_261_130L;

    @Test
    void doublesAreBitForBitWhatTheJdkReads() {
        List<String> texts = List.of("0.0", "-0.0", "0", "-0", "1.0", "1", "-1", "0.1", "0.3333333333333333",
            "833333.3333333334", "1.0234567899999998e+81", "1.0234567899999998E81", "1e23", "8.41e21",
            "9007199254740993", "123456789012345678901234567890", "1.5e-10", "-1.5E-10", "1e+22", "1E-22",
            // subnormals, the smallest normal, the largest value, and texts that round onto or past them
            "4.9E-324", "4.9e-324", "2.4703282292062328e-324", "2.4703282292062327e-324", "1e-400",
            "2.2250738585072014E-308", "2.225073858507201E-308", "2.2250738585072011e-308",
            "1.7976931348623157E308", "1.7976931348623157e+308", "1.7976931348623158e308", "1.7976931348623159e308",
            "1e400", "-1e400",
            // halfway cases, which need more than 17 digits to round right
            "9007199254740993.0000000000000000000001", "2.00000000000000011102230246251565404236316680908203125",
            "2.00000000000000011102230246251565404236316680908203124", ".5", "-.5", "+1.5");
        for (String text : texts) {
            assertDouble(text);
        }
    }

    @Test
    void floatsAreBitForBitWhatTheJdkReads() {
        List<String> texts = List.of("0.0", "-0.0", "1.0", "0.1", "0.33333334", "1.4E-45", "1.4e-45", "7.0E-46",
            "1.17549435E-38", "1.1754942E-38", "3.4028235E38", "3.4028235e+38", "3.4028236e38", "3.5e38", "-3.5e38",
            "16777217", "1e-50",
            // (float) Double.parseDouble(text) would round twice and give 1.0000002
            "1.00000017881393432617187499");
        for (String text : texts) {
            assertFloat(text);
        }
        assertThat(Float.floatToRawIntBits(decodeBoth("1.00000017881393432617187499", "Float32", Float.class)))
            .isEqualTo(Float.floatToRawIntBits(1.0000001f));
    }

    @Test
    void specialsAreReadAsDatabendRendersThem() {
        for (String type : List.of("Float64", "Float32")) {
            Class<? extends Number> javaType = type.equals("Float64") ? Double.class : Float.class;
            for (String nan : List.of("NaN", "nan", "+NaN", "-NaN")) {
                assertThat(decodeBoth(nan, type, javaType).doubleValue()).as(nan).isNaN();
            }
            for (String infinity : List.of("Infinity", "inf", "+Infinity", "+inf", "INF")) {
                assertThat(decodeBoth(infinity, type, javaType).doubleValue()).as(infinity)
                    .isEqualTo(Double.POSITIVE_INFINITY);
            }
            for (String infinity : List.of("-Infinity", "-inf")) {
                assertThat(decodeBoth(infinity, type, javaType).doubleValue()).as(infinity)
                    .isEqualTo(Double.NEGATIVE_INFINITY);
            }
            for (String bad : List.of("", "-", "1e", "e5", "1.2.3", "0x1p3x", "infinite", "1 2")) {
                assertBothRefuse(bad, type, "Not a Databend " + type + " value: '" + bad + "'");
            }
        }
    }

    @Test
    void randomDoublesAndFloatsInEveryFormRoundTrip() {
        Random random = new Random(SEED);
        for (int i = 0; i < 4_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            String shortest = Double.toString(value);
            assertDouble(shortest);
            assertDouble(rustStyle(shortest));
            assertDouble(String.format(Locale.ROOT, "%.25g", value));

            float single = Float.intBitsToFloat(random.nextInt());
            if (!Float.isNaN(single) && !Float.isInfinite(single)) {
                assertFloat(Float.toString(single));
                assertFloat(rustStyle(Float.toString(single)));
            }
            // random digits and exponents, most of them not the shortest form of any value
            String digits = randomDigits(random, 1 + random.nextInt(24));
            String text = (random.nextBoolean() ? "-" : "") + digits.charAt(0) + "." + digits.substring(1)
                + "e" + (random.nextInt(640) - 330);
            assertDouble(text);
            assertFloat(text);
        }
    }

    @Test
    void decimalsKeepTheirScale() {
        List<String[]> cases = List.of(
            new String[] {"0.00", "Decimal(12, 2)"}, new String[] {"-0.00", "Decimal(12, 2)"},
            new String[] {"123.45", "Decimal(12, 2)"}, new String[] {"-123.45", "Decimal(12, 2)"},
            new String[] {"7", "Decimal(10, 0)"}, new String[] {"-7", "Decimal(10, 0)"},
            new String[] {"999999999999999999", "Decimal(18, 0)"}, new String[] {"9999999999999999.99", "Decimal(18, 2)"},
            new String[] {"-0.000000000000000001", "Decimal(18, 18)"},
            new String[] {"99999999999999999.99", "Decimal(19, 2)"},
            new String[] {"-9223372036854775808", "Decimal(19, 0)"},
            new String[] {"12345678901234567890123456789.012345678", "Decimal(38, 9)"},
            new String[] {"-99999999999999999999999999999999999999", "Decimal(38, 0)"},
            new String[] {"1234567890123456789012345678901234567890123456789012345678901234567890.123456",
                "Decimal(76, 6)"});
        for (String[] c : cases) {
            assertDecimal(c[0], c[1], new BigDecimal(c[0]));
        }
        // old servers trimmed trailing zeros: the column's scale is restored when nothing is lost
        assertDecimal("1.5", "Decimal(12, 2)", new BigDecimal("1.50"));
        assertDecimal("2", "Decimal(12, 2)", new BigDecimal("2.00"));
        assertDecimal("1.234", "Decimal(12, 2)", new BigDecimal("1.234"));
        // exponent forms are read as BigDecimal reads them
        assertDecimal("1.5E+3", "Decimal(12, 0)", new BigDecimal("1500"));
        assertDecimal("1.5E-3", "Decimal(12, 4)", new BigDecimal("0.0015"));
        assertDecimal("5.", "Decimal(12, 0)", new BigDecimal("5"));
        assertDecimal(".5", "Decimal(12, 1)", new BigDecimal("0.5"));
        for (String bad : List.of("", "-", ".", "1.2.3", "1,5", "--1", "1e")) {
            assertBothRefuse(bad, "Decimal(12, 2)", "Not a Databend Decimal(12, 2) value: '" + bad + "'");
        }
    }

    @Test
    void randomDecimalsOfEveryPrecision() {
        Random random = new Random(SEED);
        for (int i = 0; i < 4_000; i++) {
            int precision = 1 + random.nextInt(76);
            int scale = random.nextInt(Math.min(precision, 30) + 1);
            String digits = randomDigits(random, 1 + random.nextInt(precision));
            String padded = "0".repeat(Math.max(0, scale + 1 - digits.length())) + digits;
            String integral = padded.substring(0, padded.length() - scale);
            String text = (random.nextBoolean() ? "-" : "") + integral + (scale > 0
                ? "." + padded.substring(padded.length() - scale) : "");
            assertDecimal(text, "Decimal(" + Math.max(precision, padded.length()) + ", " + scale + ")",
                new BigDecimal(text));
        }
    }

    @Test
    void integersAtTheBoundsOfEveryWidth() {
        assertInteger("Int8", Byte.class, -128, 127);
        assertInteger("Int16", Short.class, Short.MIN_VALUE, Short.MAX_VALUE);
        assertInteger("Int32", Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertInteger("Int64", Long.class, Long.MIN_VALUE, Long.MAX_VALUE);
        assertInteger("UInt8", Short.class, 0, 255);
        assertInteger("UInt16", Integer.class, 0, 65_535);
        assertInteger("UInt32", Long.class, 0, 4_294_967_295L);

        assertThat(decodeBoth("18446744073709551615", "UInt64", BigInteger.class))
            .isEqualTo(new BigInteger("18446744073709551615"));
        assertThat(decodeBoth("9223372036854775808", "UInt64", BigInteger.class))
            .isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThat(decodeBoth("999999999999999999", "UInt64", BigInteger.class))
            .isEqualTo(BigInteger.valueOf(999_999_999_999_999_999L));
        assertThat(decodeBoth("0", "UInt64", BigInteger.class)).isEqualTo(BigInteger.ZERO);
        for (String bad : List.of("18446744073709551616", "-1", "1.0", "", "+", "1e3", " 1")) {
            assertBothRefuse(bad, "UInt64", "Not a Databend UINT64 value: '" + bad + "'");
        }
        for (String bad : List.of("9223372036854775808", "-9223372036854775809", "00000000000000000000001x")) {
            assertBothRefuse(bad, "Int64", "Not a Databend INT64 value: '" + bad + "'");
        }
        assertThat(decodeBoth("-0", "Int32", Integer.class)).isZero();
        assertThat(decodeBoth("+42", "Int32", Integer.class)).isEqualTo(42);
        assertThat(decodeBoth("000000000000000000000042", "Int64", Long.class)).isEqualTo(42L);
    }

    @Test
    void randomIntegersOfEveryWidth() {
        Random random = new Random(SEED);
        for (int i = 0; i < 4_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            String text = Long.toString(value);
            assertThat(decodeBoth(text, "Int64", Long.class)).isEqualTo(value);
            if (value == (int) value) {
                assertThat(decodeBoth(text, "Int32", Integer.class)).isEqualTo((int) value);
            } else {
                assertBothRefuse(text, "Int32", "Not a Databend INT32 value: '" + text + "'");
            }
            String unsigned = Long.toUnsignedString(value);
            assertThat(decodeBoth(unsigned, "UInt64", BigInteger.class)).isEqualTo(new BigInteger(unsigned));
        }
    }

    @Test
    void legacyNullIsNullOnlyInNullableColumns() {
        for (String type : List.of("Int32", "UInt64", "Float64", "Decimal(12, 2)")) {
            assertThat(decodeCell("NULL", "Nullable(" + type + ")")).as(type).isNull();
            assertThat(Codecs.decode("NULL", type("Nullable(" + type + ")"), UTC)).as(type).isNull();
            assertThatThrownBy(() -> decodeCell("NULL", type)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(decodeCell(null, "Nullable(Int32)")).isNull();
    }

    private static void assertDouble(String text) {
        double expected = Double.parseDouble(text);
        Double decoded = decodeBoth(text, "Float64", Double.class);
        assertThat(Double.doubleToRawLongBits(decoded)).as(text).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    private static void assertFloat(String text) {
        float expected = Float.parseFloat(text);
        Float decoded = decodeBoth(text, "Float32", Float.class);
        assertThat(Float.floatToRawIntBits(decoded)).as(text).isEqualTo(Float.floatToRawIntBits(expected));
    }

    private static void assertDecimal(String text, String type, BigDecimal expected) {
        BigDecimal decoded = decodeBoth(text, type, BigDecimal.class);
        assertThat(decoded).as(text + " as " + type).isEqualTo(expected);
        assertThat(decoded.scale()).as(text + " as " + type).isEqualTo(expected.scale());
    }

    private static <T extends Number> void assertInteger(String type, Class<T> javaType, long min, long max) {
        for (long value : new long[] {min, min + 1, -1, 0, 1, max - 1, max}) {
            if (value < min || value > max) {
                continue;
            }
            assertThat(decodeBoth(Long.toString(value), type, javaType).longValue()).as(type).isEqualTo(value);
        }
        String kind = type.toUpperCase(Locale.ROOT);
        for (BigInteger outside : new BigInteger[] {BigInteger.valueOf(min).subtract(BigInteger.ONE),
            BigInteger.valueOf(max).add(BigInteger.ONE)}) {
            String text = outside.toString();
            assertBothRefuse(text, type, "Not a Databend " + kind + " value: '" + text + "'");
        }
    }

    /** The cell decoded from a page's bytes and from a String: the same value of {@code javaType}. */
    private static <T> T decodeBoth(String text, String type, Class<T> javaType) {
        Object fromBytes = decodeCell(text, type);
        Object fromString = Codecs.decode(text, type(type), UTC);
        assertThat(fromBytes).as(text).isInstanceOf(javaType).isEqualTo(fromString);
        return javaType.cast(fromBytes);
    }

    private static void assertBothRefuse(String text, String type, String message) {
        assertThatThrownBy(() -> decodeCell(text, type)).as(text).isInstanceOf(IllegalArgumentException.class)
            .hasMessage(message);
        assertThatThrownBy(() -> Codecs.decode(text, type(type), UTC)).as(text)
            .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static Object decodeCell(String text, String type) {
        return cells(text).decode(0, 0, type(type), UTC);
    }

    /** A page of one row holding {@code text}, parsed as a received body. */
    private static PageCells cells(String text) {
        String cell = text == null ? "null" : "\"" + text + "\"";
        try {
            return ResponseParser.parseQueryResponse(("{\"data\":[[" + cell + "]]}").getBytes(StandardCharsets.UTF_8))
                .cells();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static DatabendType type(String text) {
        return DatabendType.parse(text);
    }

    /** Rust's rendering of a Java-rendered float: lower-case {@code e} and a signed exponent ({@code 1.5e+300}). */
    private static String rustStyle(String javaText) {
        int e = javaText.indexOf('E');
        if (e < 0) {
            return javaText;
        }
        String exponent = javaText.substring(e + 1);
        return javaText.substring(0, e) + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
    }

    private static String randomDigits(Random random, int count) {
        StringBuilder digits = new StringBuilder(count);
        digits.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
