package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import io.netty.buffer.ByteBufUtil;
import io.r2dbc.spi.Parameters;
import org.junit.jupiter.api.Test;

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
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact CSV text of each kind of value, and the values that have none. */
class CsvRowEncoderTests {

    private static String row(Object... values) {
        CsvRowEncoder encoder = new CsvRowEncoder(values.length, 4, false);
        encoder.writeRow(values);
        return encoder.takeChunk().toString(StandardCharsets.UTF_8);
    }

    @Test
    void nullIsBackslashNAndTextIsAlwaysQuoted() {
        assertThat(row(null, " ", "\\N", "a", null)).isEqualTo("\\N,\" \",\"\\N\",\"a\",\\N\n");
    }

    @Test
    void quotesAreDoubledAndEverythingElseStandsAsItIsInsideTheQuotes() {
        assertThat(row("say \"hi\", then\nleave\r\n\tnow", "back\\slash", "a\u0000b", "😀 𝄞"))
                .isEqualTo("\"say \"\"hi\"\", then\nleave\r\n\tnow\",\"back\\slash\",\"a\u0000b\",\"😀 𝄞\"\n");
    }

    @Test
    void numbersAndBooleansAreUnquoted() {
        assertThat(row(true, false, (byte) -1, (short) 2, 3, -9_223_372_036_854_775_808L,
                new BigInteger("18446744073709551615"), new BigDecimal("1E-7"), new BigDecimal("-12.500")))
                .isEqualTo("true,false,-1,2,3,-9223372036854775808,18446744073709551615,0.0000001,-12.500\n");
    }

    @Test
    void floatingPointKeepsEveryDigitAndSpellsNonFiniteValuesAsDatabendReadsThem() {
        assertThat(row(1.5d, 0.1f, 1e300, Double.MIN_VALUE, Double.NaN, Float.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY)).isEqualTo("1.5,0.1,1.0E300,4.9E-324,nan,inf,-inf\n");
    }

    @Test
    void temporalValuesUseTheTextOfTheSingleRowPath() {
        assertThat(row(LocalDate.of(2024, 4, 10), LocalDateTime.of(2024, 4, 10, 1, 2, 3, 4_000),
                Instant.EPOCH, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                LocalTime.of(1, 2, 3)))
                .isEqualTo("2024-04-10,2024-04-10 01:02:03.000004,1970-01-01 00:00:00.000000 +0000,"
                        + "2024-01-02 03:04:05.000000 +0530,\"01:02:03.000000\"\n");
    }

    @Test
    void binaryIsUppercaseHexAndOtherTextValuesAreQuoted() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertThat(row(new byte[] {0, 0x7F, (byte) 0x80}, ByteBuffer.wrap(new byte[] {(byte) 0xAB}), id,
                DatabendInterval.of(1, 2, 3_000_000), Duration.ofSeconds(90), 'x'))
                .isEqualTo("007F80,AB,\"123e4567-e89b-12d3-a456-426614174000\",\""
                        + DatabendInterval.of(1, 2, 3_000_000) + "\",\"" + DatabendInterval.from(Duration.ofSeconds(90))
                        + "\",\"x\"\n");
    }

    @Test
    void valuesWithoutAFaithfulCsvFormAreRefused() {
        for (Object value : new Object[] {List.of(1), new int[] {1}, new String[] {"a"}, Map.of("k", 1),
                "a\\\"b", "ends with \\", "", new byte[0], ByteBuffer.allocate(0), new Object()}) {
            assertThat(CsvRowEncoder.canEncode(value, false)).as("%s", value).isFalse();
        }
        assertThatThrownBy(() -> row(List.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no faithful CSV form");
        assertThat(CsvRowEncoder.canEncode(null, false)).isTrue();
        assertThat(CsvRowEncoder.canEncode("\\ in the middle \\n", false)).isTrue();
    }

    @Test
    void integersAreTheirDecimalDigitsAtEveryWidthAndBound() {
        assertThat(row(Byte.MIN_VALUE, Byte.MAX_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0,
                -1L, 9L, 10L, 99L, 100L, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_000_000_000_000L,
                -999_999_999_999_999_999L))
                .isEqualTo("-128,127,-32768,-2147483648,2147483647,0,-1,9,10,99,100,9223372036854775807,"
                        + "-9223372036854775808,1000000000000000000,-999999999999999999\n");
        for (long power = 1; power > 0 && power <= 1_000_000_000_000_000_000L; power *= 10) {
            for (long value : new long[] {power - 1, power, power + 1, -power, 2 * power - 1}) {
                assertThat(row(value)).isEqualTo(value + "\n");
            }
        }
        assertThat(row(Integer.MAX_VALUE + 1L, 4_294_967_296L)).isEqualTo("2147483648,4294967296\n");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            assertThat(row(value)).isEqualTo(value + "\n");
        }
    }

    @Test
    void doublesAreWrittenAsDoubleToStringWritesThem() {
        assertThat(row(0.25d, -0.5d, 0.0d, -0.0d, 1e-3, 9_999_999.999d, 1e7, 123_456.0d, 0.1 + 0.2, 1e-4, -3e10))
                .isEqualTo("0.25,-0.5,0.0,-0.0,0.001,9999999.999,1.0E7,123456.0,0.30000000000000004,1.0E-4,"
                        + "-3.0E10\n");
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 50_000; i++) {
            // short decimals (the encoder's own digits), any bits, and uniform values at every magnitude
            double decimal = random.nextLong((long) Math.pow(10, random.nextInt(1, 17)))
                    / Math.pow(10, random.nextInt(12)) * (random.nextBoolean() ? 1 : -1);
            double bits = Double.longBitsToDouble(random.nextLong());
            double uniform = random.nextDouble() * Math.pow(10, random.nextInt(-5, 10));
            for (double value : new double[] {decimal, bits, uniform}) {
                String expected = Double.isNaN(value) ? "nan"
                        : Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : Double.toString(value);
                assertThat(row(value)).as("%s", value).isEqualTo(expected + "\n");
            }
        }
    }

    @Test
    void textIsUtf8AndAnUnpairedSurrogateIsWhatTheJdkWritesForIt() {
        String text = "é € 😀 \uD800 \uDC00x";
        CsvRowEncoder encoder = new CsvRowEncoder(1, 1, false);
        encoder.writeRow(new Object[] {text});
        byte[] written = ByteBufUtil.getBytes(encoder.takeChunk());
        assertThat(written).isEqualTo(("\"" + text + "\"\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void chunksHoldTheRowsWrittenSinceTheLastAndGrowForARowThatDoesNotFit() {
        CsvRowEncoder encoder = new CsvRowEncoder(2, 4, false);
        encoder.writeRow(new Object[] {1, "a"});
        encoder.writeRow(List.of(2L, Parameters.in("a long text that does not fit in four bytes")));
        assertThat(encoder.rows()).isEqualTo(2);
        assertThat(encoder.size()).isEqualTo(6 + 48);
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8))
                .isEqualTo("1,\"a\"\n2,\"a long text that does not fit in four bytes\"\n");
        assertThat(encoder.rows()).isZero();
        assertThat(encoder.size()).isZero();
        encoder.writeRow(Arrays.asList(null, Parameters.in(String.class)));
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8)).isEqualTo("\\N,\\N\n");
    }

    @Test
    void rowsOfAnotherShapeOrWithAValueWithoutCsvFormAreRefusedNamingTheValue() {
        CsvRowEncoder encoder = new CsvRowEncoder(2, 16, false);
        assertThatThrownBy(() -> encoder.writeRow(new Object[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A row has 1 value(s); the statement takes 2");
        assertThatThrownBy(() -> encoder.writeRow("1,2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A row must be an Object[] or a List, not java.lang.String");
        assertThatThrownBy(() -> encoder.writeRow(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A row must be an Object[] or a List, not null");
        for (Object refused : new Object[] {"a\\\"b", "ends with \\", "", new byte[0], Map.of(),
                Parameters.in(List.of(1))}) {
            assertThatThrownBy(() -> encoder.writeRow(new Object[] {1, refused}))
                    .as("%s", refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Value 2 of a row, a ")
                    .hasMessageContaining("has no faithful CSV form");
        }
    }

    @Test
    void emptyTextIsTwoQuotesOnlyForALoadThatReadsEmptyFieldsAsStrings() {
        assertThat(CsvRowEncoder.canEncode("", true)).isTrue();
        assertThat(CsvRowEncoder.canEncode("", false)).isFalse();
        assertThat(CsvRowEncoder.canEncode(new byte[0], true)).isFalse();
        assertThat(CsvRowEncoder.canEncode("ends with \\", true)).isFalse();

        CsvRowEncoder encoder = new CsvRowEncoder(3, 4, true);
        encoder.writeRow(new Object[] {"", null, 1L});
        assertThat(encoder.writePlainRow(new Object[] {null, "", ""})).isTrue();
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8)).isEqualTo("\"\",\\N,1\n\\N,\"\",\"\"\n");

        CsvRowEncoder withoutEmptyText = new CsvRowEncoder(1, 4, false);
        assertThat(withoutEmptyText.writePlainRow(new Object[] {""})).isFalse();
        assertThatThrownBy(() -> withoutEmptyText.writeRow(new Object[] {""}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no faithful CSV form");
    }

    @Test
    void plainRowsHaveTheTextOfRowsForEveryPlainKind() {
        Object[] values = {null, true, false, Byte.MIN_VALUE, Short.MAX_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE, -0.0f, Float.NaN, Float.NEGATIVE_INFINITY, 0.1f, -0.0d, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 1e-7, 1e21, 0.1 + 0.2, 0.25,
            " ", "\\N", "say \"hi\", then\nleave", "é € 😀"};
        CsvRowEncoder encoder = new CsvRowEncoder(values.length, 4, false);

        assertThat(encoder.writePlainRow(values)).isTrue();

        assertThat(encoder.rows()).isEqualTo(1);
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8)).isEqualTo(row(values)).isEqualTo(
                "\\N,true,false,-128,32767,-2147483648,-9223372036854775808,9223372036854775807,-0.0,nan,-inf,0.1,"
                        + "-0.0,nan,inf,-inf,4.9E-324,1.0E-7,1.0E21,0.30000000000000004,0.25,\" \",\"\\N\","
                        + "\"say \"\"hi\"\", then\nleave\",\"é € 😀\"\n");
    }

    @Test
    void aPlainRowWithAnotherValueIsRefusedAndLeavesTheChunkAsItWas() {
        CsvRowEncoder encoder = new CsvRowEncoder(2, 4, false);
        assertThat(encoder.writePlainRow(new Object[] {1L, "a"})).isTrue();
        for (Object refused : new Object[] {"", "ends with \\", "a\\\"b", "unpaired \uD800", "x\uDC00",
                Double.longBitsToDouble(0x7FF8_0000_0000_0001L), Float.intBitsToFloat(0x7FC0_0001),
                new BigDecimal("1.5"), BigInteger.ONE, LocalDate.of(2024, 4, 10), 'c', new byte[] {1},
                Parameters.in(1), List.of(1)}) {
            assertThat(encoder.writePlainRow(new Object[] {2L, refused})).as("%s", refused).isFalse();
            assertThat(encoder.writePlainRow(new Object[] {refused, 2L})).as("%s first", refused).isFalse();
        }
        assertThat(encoder.writePlainRow(new Object[] {3L})).isFalse();
        assertThat(encoder.writePlainRow(new Object[] {3L, "b", "c"})).isFalse();

        assertThat(encoder.rows()).isEqualTo(1);
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8)).isEqualTo("1,\"a\"\n");
    }

    @Test
    void plainRowsGrowTheChunkWhenTheyDoNotFit() {
        CsvRowEncoder encoder = new CsvRowEncoder(2, 4, false);
        String text = "x".repeat(100);
        for (int i = 0; i < 10; i++) {
            assertThat(encoder.writePlainRow(new Object[] {i, text})).isTrue();
        }
        assertThat(encoder.rows()).isEqualTo(10);
        assertThat(encoder.size()).isEqualTo(10 * (2 + 102 + 1));
        assertThat(encoder.takeChunk().toString(StandardCharsets.UTF_8))
                .isEqualTo(("%d,\"" + text + "\"\n").repeat(10).formatted(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }
}
