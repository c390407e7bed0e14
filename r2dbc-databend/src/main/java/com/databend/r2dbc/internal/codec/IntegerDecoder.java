package com.databend.r2dbc.internal.codec;

import java.math.BigInteger;

/**
 * Integer cells (decimal digits, docs/protocol.md §5.2). Int8..Int64 decode to Byte..Long; unsigned types to the next
 * wider signed type (UInt8 → Short, UInt16 → Integer, UInt32 → Long) and UInt64 to BigInteger.
 */
final class IntegerDecoder {

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
