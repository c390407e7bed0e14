package com.databend.r2dbc.internal.codec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** {@code Decimal(p, s)} cells: plain text with exactly s fraction digits, up to 76 digits (docs/protocol.md §5.2). */
final class DecimalDecoder {

    /** Up to 18 digits always fit a long. */
    private static final int SAFE_DIGITS = 18;

    private DecimalDecoder() {
    }

    static BigDecimal decode(String text, DatabendType type) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend " + type.typeName() + " value: '" + text + "'", e);
        }
        return withColumnScale(value, type);
    }

    /**
     * The decimal in {@code bytes[start, end)} when it is {@code [-]digits[.digits]}: with up to 18 digits in all,
     * the digits are the unscaled value and the fraction digits the scale, as {@code new BigDecimal(text)} reads
     * them; longer ones are read by {@code BigDecimal} from the chars. Otherwise {@code null}, and the String path
     * decodes the text or reports the error.
     */
    static BigDecimal decode(byte[] bytes, int start, int end, DatabendType type) {
        boolean negative = end - start > 1 && bytes[start] == '-';
        int first = negative ? start + 1 : start;
        long unscaled = 0;
        int digits = 0;
        int point = -1;
        for (int i = first; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit >= 0 && digit <= 9) {
                unscaled = unscaled * 10 + digit;
                digits++;
            } else if (bytes[i] == '.' && point < 0) {
                point = i;
            } else {
                return null;
            }
        }
        // "1." and ".5" are numbers to BigDecimal too, but with a digit on both sides of the point the scale is plain
        if (digits == 0 || point == first || point == end - 1) {
            return null;
        }
        if (digits > SAFE_DIGITS) {
            char[] chars = AsciiScratch.widen(bytes, start, end);
            return chars == null ? null : withColumnScale(new BigDecimal(chars, 0, end - start), type);
        }
        int scale = point < 0 ? 0 : end - point - 1;
        return withColumnScale(BigDecimal.valueOf(negative ? -unscaled : unscaled, scale), type);
    }

    private static BigDecimal withColumnScale(BigDecimal value, DatabendType type) {
        if (value.scale() == type.scale()) {
            return value;
        }
        // Old servers trimmed trailing zeros; the column's scale is the exact one, when nothing is lost.
        try {
            return value.setScale(type.scale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return value;
        }
    }
}
