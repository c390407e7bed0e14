package com.databend.r2dbc.tck.server.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected texts are recorded cells from golden 22 (sqllogictest expectations of the HTTP handler) and
 * docs/protocol.md §5.2.
 */
class FloatTextTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1.0234567899999998e81, 1.0234567899999998e+81",
        "1.2345678901234568e-11, 1.2345678901234568e-11",
        "9754610558146624.0, 9754610558146624.0",
        "1.817827108747062e19, 1.817827108747062e+19",
        "31415.0, 31415.0",
        "1.8188025698028737e19, 1.8188025698028737e+19",
        "-1e-6, -1e-6",
        "3.1482243104279148e-6, 3.1482243104279148e-6",
        "0.0, 0.0",
        "1.0, 1.0",
        "2.0, 2.0",
        "0.3333333333333333, 0.3333333333333333",
        "0.6666666666666666, 0.6666666666666666",
        "2.3333333333333335, 2.3333333333333335",
        "0.1, 0.1",
        "0.00001, 0.00001",
        "1e16, 1e+16",
        "123456789012345.6, 123456789012345.6"
    })
    void writesDoublesLikeDatabend(double value, String expected) {
        assertThat(FloatText.of(value)).isEqualTo(expected);
    }

    @Test
    void writesSpecialValues() {
        assertThat(FloatText.of(Double.NaN)).isEqualTo("NaN");
        assertThat(FloatText.of(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(FloatText.of(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(FloatText.of(Float.NaN)).isEqualTo("NaN");
        assertThat(FloatText.of(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    @Test
    void writesFloatsWithTheirOwnShortestDigits() {
        assertThat(FloatText.of(0.1f)).isEqualTo("0.1");
        assertThat(FloatText.of(1.5f)).isEqualTo("1.5");
        assertThat(FloatText.of(3.4028235e38f)).isEqualTo("3.4028235e+38");
    }

    @Test
    void everyWrittenDoubleReadsBackToTheSameValue() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            double value = Double.longBitsToDouble(random.nextLong());
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                continue;
            }
            assertThat(Double.parseDouble(FloatText.of(value).replace("e+", "e"))).isEqualTo(value);
        }
    }
}
