package com.databend.r2dbc.internal.codec;

/**
 * The bytes of a number cell widened to chars, for the parsers that read chars ({@code BigDecimal}, jackson-core's
 * FastDoubleParser), in one array per thread instead of a String per cell. The array holds the text only until the
 * parser returns.
 */
final class AsciiScratch {

    /** Longer texts take the String path: the longest Decimal(76, s) is 78 characters. */
    static final int LENGTH = 128;

    private static final ThreadLocal<char[]> CHARS = ThreadLocal.withInitial(() -> new char[LENGTH]);

    private AsciiScratch() {
    }

    /** {@code bytes[start, end)} as chars from index 0 of this thread's array, or {@code null} when too long. */
    static char[] widen(byte[] bytes, int start, int end) {
        int length = end - start;
        if (length > LENGTH) {
            return null;
        }
        char[] chars = CHARS.get();
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (bytes[start + i] & 0xFF);
        }
        return chars;
    }
}
