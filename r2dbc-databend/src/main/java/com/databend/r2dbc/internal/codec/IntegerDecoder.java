package com.databend.r2dbc.internal.codec;

import java.math.BigInteger;

/**
 * Integer cells (decimal digits, docs/protocol.md §5.2). Int8..Int64 decode to Byte..Long; unsigned types to the next
 * wider signed type (UInt8 → Short, UInt16 → Integer, UInt32 → Long) and UInt64 to BigInteger.
 */
final class IntegerDecoder {

    /** Up to 18 digits always fit a long. */
    private static final int SAFE_DIGITS = 18;
    /** 2^64 - 1 divided by ten: an unsigned value above it gains a digit only by overflowing. */
    private static final long UINT64_MAX_TENTH = Long.divideUnsigned(-1L, 10);

    private IntegerDecoder() {
    }

    static Object decode(String text, DatabendTypeKind kind) {
        try {
            switch (kind) {
                case INT8:
                    return Byte.parseByte(text);
                case INT16:
                    return Short.parseShort(text);
                case INT32:
                    return Integer.parseInt(text);
                case INT64:
                    return Long.parseLong(text);
                case UINT8:
                    return (short) unsigned(text, 0xFFL);
                case UINT16:
                    return (int) unsigned(text, 0xFFFFL);
                case UINT32:
                    return unsigned(text, 0xFFFF_FFFFL);
                case UINT64:
                    return uint64(text);
                default:
                    throw new IllegalStateException("Not an integer kind: " + kind);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend " + kind + " value: '" + text + "'", e);
        }
    }

    /**
     * The integer in {@code bytes[start, end)} when it is an optional {@code -} and up to 18 digits within the range
     * of {@code kind}, or digits of any UInt64; otherwise {@code null}, and the String path decodes the text or
     * reports the error.
     */
    static Object decode(byte[] bytes, int start, int end, DatabendTypeKind kind) {
        if (kind == DatabendTypeKind.UINT64 && end - start > SAFE_DIGITS) {
            return uint64(bytes, start, end);
        }
        boolean negative = end - start > 1 && bytes[start] == '-';
        int first = negative ? start + 1 : start;
        if (first == end || end - first > SAFE_DIGITS) {
            return null;
        }
        long value = 0;
        for (int i = first; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return null;
            }
            value = value * 10 + digit;
        }
        if (negative) {
            value = -value;
        }
        switch (kind) {
            case INT8:
                return value == (byte) value ? Byte.valueOf((byte) value) : null;
            case INT16:
                return value == (short) value ? Short.valueOf((short) value) : null;
            case INT32:
                return value == (int) value ? Integer.valueOf((int) value) : null;
            case INT64:
                return value;
            case UINT8:
                return value >= 0 && value <= 0xFFL ? Short.valueOf((short) value) : null;
            case UINT16:
                return value >= 0 && value <= 0xFFFFL ? Integer.valueOf((int) value) : null;
            case UINT32:
                return value >= 0 && value <= 0xFFFF_FFFFL ? Long.valueOf(value) : null;
            case UINT64:
                return value >= 0 ? BigInteger.valueOf(value) : null;
            default:
                throw new IllegalStateException("Not an integer kind: " + kind);
        }
    }

    private static BigInteger uint64(byte[] bytes, int start, int end) {
        if (end - start > 20) {
            return null;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9 || Long.compareUnsigned(value, UINT64_MAX_TENTH) > 0) {
                return null;
            }
            long next = value * 10 + digit;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                return null;
            }
            value = next;
        }
        if (value >= 0) {
            return BigInteger.valueOf(value);
        }
        byte[] magnitude = new byte[Long.BYTES];
        for (int i = Long.BYTES - 1; i >= 0; i--, value >>>= 8) {
            magnitude[i] = (byte) value;
        }
        return new BigInteger(1, magnitude);
    }

    private static long unsigned(String text, long max) {
        long value = Long.parseLong(text);
        if (value < 0 || value > max) {
            throw new NumberFormatException("out of range");
        }
        return value;
    }

    private static BigInteger uint64(String text) {
        if (text.length() <= 18) {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new NumberFormatException("negative");
            }
            return BigInteger.valueOf(value);
        }
        long bits = Long.parseUnsignedLong(text);
        BigInteger value = BigInteger.valueOf(bits);
        return bits >= 0 ? value : value.add(BigInteger.ONE.shiftLeft(64));
    }
}
