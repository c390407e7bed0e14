package com.databend.r2dbc.internal.codec;

/**
 * Float32/Float64 cells: shortest round-trip text such as {@code "1.0"} or {@code "1.0234567899999998e+81"},
 * and the specials {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (docs/protocol.md §5.2). The lower-case
 * spellings of older servers ({@code nan}, {@code inf}, {@code -inf}) are accepted too.
 */
final class FloatDecoder {

    private FloatDecoder() {
    }

    static Float decodeFloat(String text) {
        return (float) parse(text, "Float32");
    }

    static Double decodeDouble(String text) {
        return parse(text, "Float64");
    }

    private static double parse(String text, String typeName) {
        char first = text.isEmpty() ? 0 : text.charAt(0);
        if ((first >= '0' && first <= '9') || ((first == '-' || first == '+' || first == '.') && text.length() > 1
            && Character.isDigit(text.charAt(text.length() - 1)))) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not a Databend " + typeName + " value: '" + text + "'", e);
            }
        }
        if (text.equalsIgnoreCase("NaN") || text.equalsIgnoreCase("+NaN") || text.equalsIgnoreCase("-NaN")) {
            return Double.NaN;
        }
        if (text.equalsIgnoreCase("Infinity") || text.equalsIgnoreCase("inf") || text.equalsIgnoreCase("+Infinity")
            || text.equalsIgnoreCase("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("-Infinity") || text.equalsIgnoreCase("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        throw new IllegalArgumentException("Not a Databend " + typeName + " value: '" + text + "'");
    }
}
