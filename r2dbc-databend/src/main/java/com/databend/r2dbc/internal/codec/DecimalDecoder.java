package com.databend.r2dbc.internal.codec;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** {@code Decimal(p, s)} cells: plain text with exactly s fraction digits, up to 76 digits (docs/protocol.md §5.2). */
final class DecimalDecoder {

    private DecimalDecoder() {
    }

    static BigDecimal decode(String text, DatabendType type) {
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend " + type.typeName() + " value: '" + text + "'", e);
        }
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
