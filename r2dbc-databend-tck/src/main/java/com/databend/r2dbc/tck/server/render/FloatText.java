package com.databend.r2dbc.tck.server.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Writes floats the way Databend does: the shortest digits that read back to the same value, plain notation with
 * {@code .0} for integral values when the decimal point lies within 16 digits, otherwise {@code 1.5e+20} /
 * {@code 1e-6}; {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class FloatText {

    private FloatText() {
    }

    public static String of(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == value) {
                return layout(rounded);
            }
        }
        return layout(exact.round(new MathContext(17, RoundingMode.HALF_EVEN)));
    }

    public static String of(float value) {
        if (Float.isNaN(value)) {
            return "NaN";
        }
        if (Float.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits <= 9; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.floatValue() == value) {
                return layout(rounded);
            }
        }
        return layout(exact.round(new MathContext(9, RoundingMode.HALF_EVEN)));
    }

    private static String layout(BigDecimal rounded) {
        BigDecimal stripped = rounded.stripTrailingZeros();
        boolean negative = stripped.signum() < 0;
        String digits = stripped.unscaledValue().abs().toString();
        int length = digits.length();
        // value = 0.digits * 10^pointPosition
        int pointPosition = length - stripped.scale();
        StringBuilder out = new StringBuilder(length + 8);
        if (negative) {
            out.append('-');
        }
        if (stripped.scale() <= 0 && pointPosition <= 16) {
            out.append(digits);
            for (int i = 0; i < -stripped.scale(); i++) {
                out.append('0');
            }
            out.append(".0");
        } else if (pointPosition > 0 && pointPosition <= 16) {
            out.append(digits, 0, pointPosition).append('.').append(digits, pointPosition, length);
        } else if (pointPosition > -5 && pointPosition <= 0) {
            out.append("0.");
            for (int i = 0; i < -pointPosition; i++) {
                out.append('0');
            }
            out.append(digits);
        } else {
            out.append(digits.charAt(0));
            if (length > 1) {
                out.append('.').append(digits, 1, length);
            }
            int exponent = pointPosition - 1;
            out.append('e').append(exponent >= 0 ? "+" : "").append(exponent);
        }
        return out.toString();
    }
}
