package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The exact CSV text of each kind of value, and the values that have none. */
class CsvRowEncoderTests {

    private static String row(Object... values) {
        StringBuilder out = new StringBuilder();
        CsvRowEncoder.appendRow(out, values);
        return out.toString();
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
            assertThat(CsvRowEncoder.canEncode(value)).as("%s", value).isFalse();
        }
        assertThatThrownBy(() -> row(List.of(1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no faithful CSV form");
        assertThat(CsvRowEncoder.canEncode(null)).isTrue();
        assertThat(CsvRowEncoder.canEncode("\\ in the middle \\n")).isTrue();
    }
}
