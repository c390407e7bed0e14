package com.databend.r2dbc.benchmarks.harness;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Clients that map a value to different Java types agree; different values or rows do not. */
class ChecksumTests {

    @Test
    void integersOfEveryWidthHashAlikeAndRowOrderDoesNotMatter() {
        Checksum longs = new Checksum();
        row(longs, 7L, "seven", 2.5, new BigDecimal("7.00"));
        row(longs, 8L, "eight", 2.75, new BigDecimal("8.00"));
        Checksum others = new Checksum();
        row(others, BigInteger.valueOf(8), "eight", 2.75, new BigDecimal("8.00"));
        row(others, (short) 7, "seven", 2.5, new BigDecimal("7.00"));
        assertThat(others.rows()).isEqualTo(2);
        assertThat(others.value()).isEqualTo(longs.value());
    }

    @Test
    void aDifferentValueOrAnotherScaleChangesTheChecksum() {
        Checksum expected = Checksum.ofMixedRows(3);
        Checksum read = new Checksum();
        row(read, 0L, "0", 0.0, new BigDecimal("0.00"));
        row(read, 1L, "1", 1 / 3.0, new BigDecimal("1.00"));
        row(read, 2L, "2", 2 / 3.0, new BigDecimal("2.00"));
        assertThat(read.value()).isEqualTo(expected.value());

        Checksum otherScale = new Checksum();
        row(otherScale, 0L, "0", 0.0, new BigDecimal("0.0"));
        row(otherScale, 1L, "1", 1 / 3.0, new BigDecimal("1.00"));
        row(otherScale, 2L, "2", 2 / 3.0, new BigDecimal("2.00"));
        assertThat(otherScale.value()).isNotEqualTo(expected.value());

        Checksum otherDouble = new Checksum();
        row(otherDouble, 0L, "0", 0.0, new BigDecimal("0.00"));
        row(otherDouble, 1L, "1", 0.3333, new BigDecimal("1.00"));
        row(otherDouble, 2L, "2", 2 / 3.0, new BigDecimal("2.00"));
        assertThat(otherDouble.value()).isNotEqualTo(expected.value());
    }

    private static void row(Checksum checksum, Object... cells) {
        for (Object cell : cells) {
            checksum.cell(cell);
        }
        checksum.endRow();
    }
}
