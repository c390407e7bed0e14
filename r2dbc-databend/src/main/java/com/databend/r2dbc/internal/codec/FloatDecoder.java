package com.databend.r2dbc.internal.codec;

import com.fasterxml.jackson.core.io.NumberInput;

/**
 * Float32/Float64 cells: shortest round-trip text such as {@code "1.0"} or {@code "1.0234567899999998e+81"},
 * and the specials {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (docs/protocol.md §5.2). The lower-case
 * spellings of older servers ({@code nan}, {@code inf}, {@code -inf}) are accepted too.
 *
 * <p>Numbers are parsed with jackson-core's FastDoubleParser ({@link NumberInput} with the fast parser), which
 * rounds correctly, so a value is bit for bit what {@link Double#parseDouble} / {@link Float#parseFloat} give
 * (FloatDecoderTests). A Float32 is parsed as a float, never rounded twice through a double.
 */
final class FloatDecoder {

    private FloatDecoder() {
    }

    static Float decodeFloat(String text) {
        if (isNumber(text)) {
            try {
                return NumberInput.parseFloat(text, true);
            } catch (NumberFormatException e) {
                throw notA("Float32", text, e);
            }
        }
        return (float) special(text, "Float32");
    }

    static Double decodeDouble(String text) {
        if (isNumber(text)) {
            try {
                return NumberInput.parseDouble(text, true);
            } catch (NumberFormatException e) {
                throw notA("Float64", text, e);
            }
        }
        return special(text, "Float64");
    }

    /** The Float32 in {@code bytes[start, end)}, or {@code null} when it is not a plain number (see the String path). */
    static Float decodeFloat(byte[] bytes, int start, int end) {
        char[] chars = widen(bytes, start, end);
        if (chars == null) {
            return null;
        }
        try {
            return NumberInput.parseFloat(chars, 0, end - start, true);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The Float64 in {@code bytes[start, end)}, or {@code null} when it is not a plain number (see the String path). */
    static Double decodeDouble(byte[] bytes, int start, int end) {
        char[] chars = widen(bytes, start, end);
        if (chars == null) {
            return null;
        }
        try {
            return NumberInput.parseDouble(chars, 0, end - start, true);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static char[] widen(byte[] bytes, int start, int end) {
        int length = end - start;
        if (length == 0 || !isNumber(bytes[start], bytes[end - 1], length)) {
            return null;
        }
        return AsciiScratch.widen(bytes, start, end);
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && isNumber(text.charAt(0), text.charAt(text.length() - 1), text.length());
    }

    /** Whether the text is for the number parser rather than a special: it starts like a number. */
    private static boolean isNumber(int first, int last, int length) {
        return isDigit(first) || ((first == '-' || first == '+' || first == '.') && length > 1 && isDigit(last));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static double special(String text, String typeName) {
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
        throw notA(typeName, text, null);
    }

    private static IllegalArgumentException notA(String typeName, String text, NumberFormatException cause) {
        return new IllegalArgumentException("Not a Databend " + typeName + " value: '" + text + "'", cause);
    }
}
