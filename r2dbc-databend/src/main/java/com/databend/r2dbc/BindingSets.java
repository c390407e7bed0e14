package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The binding sets a statement holds until it runs, in order. A set whose values are all nulls, booleans, integers
 * ({@code Byte} to {@code Long}), floating-point numbers or strings is copied into pages of bytes shared by many
 * sets, each value behind a tag; any other set is kept as its array. A million sets held as their values are
 * millions of small objects that every garbage collection copies again; held this way they are a few hundred
 * arrays. Each set is made again as it is read, equal value for value and of the same classes (a double's bits and
 * a string's chars as they were).
 */
final class BindingSets implements Iterable<@Nullable Object[]> {

    private static final int PAGE_BYTES = 64 * 1024;
    /**
     * The first page's bytes: most statements run one set of a few values (none for a statement without parameters),
     * which a 64 KiB page a statement would cost as much to allocate as the query's own work. Each page after it has
     * twice the bytes of the one before, up to {@link #PAGE_BYTES}.
     */
    private static final int FIRST_PAGE_BYTES = 256;

    private static final byte ARRAY = 0;
    private static final byte PACKED = 1;
    private static final byte NULL = 2;
    private static final byte TRUE = 3;
    private static final byte FALSE = 4;
    private static final byte BYTE = 5;
    private static final byte SHORT = 6;
    private static final byte INT = 7;
    private static final byte LONG = 8;
    private static final byte FLOAT = 9;
    private static final byte DOUBLE = 10;
    private static final byte LATIN1 = 11;
    private static final byte UTF16 = 12;

    private final List<byte[]> pages = new ArrayList<>();
    private int[] pageLengths = new int[8];
    private final List<@Nullable Object[]> arrays = new ArrayList<>();
    private byte @Nullable [] page;
    private int length;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The bytes of the pages the sets are packed into. */
    long pageBytes() {
        long bytes = 0;
        for (byte[] held : pages) {
            bytes += held.length;
        }
        return bytes;
    }

    void add(@Nullable Object[] values) {
        int bound = packedBound(values);
        if (bound < 0) {
            reserve(5);
            page[length] = ARRAY;
            putInt(page, length + 1, arrays.size());
            length += 5;
            arrays.add(values);
        } else {
            reserve(bound);
            page[length++] = PACKED;
            page[length++] = (byte) values.length;
            for (@Nullable Object value : values) {
                pack(value);
            }
        }
        pageLengths[pages.size() - 1] = length;
        size++;
    }

    @Override
    public Iterator<@Nullable Object[]> iterator() {
        return new Iterator<>() {

            private int pageIndex;
            private int at;
            private int read;

            @Override
            public boolean hasNext() {
                return read < size;
            }

            @Override
            public @Nullable Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (at == pageLengths[pageIndex]) {
                    pageIndex++;
                    at = 0;
                }
                byte[] bytes = pages.get(pageIndex);
                read++;
                if (bytes[at] == ARRAY) {
                    int index = getInt(bytes, at + 1);
                    at += 5;
                    return arrays.get(index);
                }
                return unpack(bytes);
            }

            private @Nullable Object[] unpack(byte[] bytes) {
                int columns = bytes[at + 1];
                at += 2;
                @Nullable Object[] values = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    values[i] = unpackValue(bytes);
                }
                return values;
            }

            private @Nullable Object unpackValue(byte[] bytes) {
                byte tag = bytes[at++];
                switch (tag) {
                    case NULL:
                        return null;
                    case TRUE:
                        return Boolean.TRUE;
                    case FALSE:
                        return Boolean.FALSE;
                    case BYTE:
                        return bytes[at++];
                    case SHORT:
                        return (short) readInt(bytes);
                    case INT:
                        return readInt(bytes);
                    case LONG:
                        return readLong(bytes);
                    case FLOAT:
                        return Float.intBitsToFloat(readInt(bytes));
                    case DOUBLE:
                        return Double.longBitsToDouble(readLong(bytes));
                    case LATIN1: {
                        int chars = readInt(bytes);
                        String text = new String(bytes, at, chars, StandardCharsets.ISO_8859_1);
                        at += chars;
                        return text;
                    }
                    case UTF16: {
                        int chars = readInt(bytes);
                        char[] text = new char[chars];
                        for (int i = 0; i < chars; i++) {
                            text[i] = (char) ((bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8);
                            at += 2;
                        }
                        return new String(text);
                    }
                    default:
                        throw new IllegalStateException("Unknown tag " + tag);
                }
            }

            private int readInt(byte[] bytes) {
                int value = getInt(bytes, at);
                at += 4;
                return value;
            }

            private long readLong(byte[] bytes) {
                long value = (long) getInt(bytes, at + 4) << 32 | getInt(bytes, at) & 0xFFFF_FFFFL;
                at += 8;
                return value;
            }
        };
    }

    /** The most bytes the set takes packed, or -1 when a value is of another kind (or the set too wide). */
    private static int packedBound(@Nullable Object[] values) {
        if (values.length > Byte.MAX_VALUE) {
            return -1;
        }
        long bound = 2;
        for (@Nullable Object value : values) {
            if (value instanceof String text) {
                bound += 5 + 2L * text.length();
            } else if (value == null || value instanceof Long || value instanceof Integer || value instanceof Double
                    || value instanceof Boolean || value instanceof Short || value instanceof Byte
                    || value instanceof Float) {
                bound += 9;
            } else {
                return -1;
            }
        }
        return bound > Integer.MAX_VALUE / 2 ? -1 : (int) bound;
    }

    /** Room for {@code bytes} more in the current page, or a new page. */
    private void reserve(int bytes) {
        if (page == null || page.length - length < bytes) {
            int next = page == null ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, 2 * page.length);
            page = new byte[Math.max(next, bytes)];
            length = 0;
            pages.add(page);
            if (pages.size() > pageLengths.length) {
                pageLengths = Arrays.copyOf(pageLengths, pageLengths.length * 2);
            }
        }
    }

    private void pack(@Nullable Object value) {
        byte[] bytes = page;
        if (value instanceof String text) {
            packText(text);
        } else if (value instanceof Long number) {
            bytes[length] = LONG;
            putLong(bytes, length + 1, number);
            length += 9;
        } else if (value instanceof Double number) {
            bytes[length] = DOUBLE;
            putLong(bytes, length + 1, Double.doubleToRawLongBits(number));
            length += 9;
        } else if (value instanceof Integer number) {
            bytes[length] = INT;
            putInt(bytes, length + 1, number);
            length += 5;
        } else if (value == null) {
            bytes[length++] = NULL;
        } else if (value instanceof Boolean flag) {
            bytes[length++] = flag ? TRUE : FALSE;
        } else if (value instanceof Short number) {
            bytes[length] = SHORT;
            putInt(bytes, length + 1, number);
            length += 5;
        } else if (value instanceof Byte number) {
            bytes[length] = BYTE;
            bytes[length + 1] = number;
            length += 2;
        } else {
            bytes[length] = FLOAT;
            putInt(bytes, length + 1, Float.floatToRawIntBits((Float) value));
            length += 5;
        }
    }

    private void packText(String text) {
        byte[] bytes = page;
        int chars = text.length();
        int start = length;
        putInt(bytes, start + 1, chars);
        int at = start + 5;
        for (int i = 0; i < chars; i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                packUtf16(text);
                return;
            }
            bytes[at++] = (byte) c;
        }
        bytes[start] = LATIN1;
        length = at;
    }

    private void packUtf16(String text) {
        byte[] bytes = page;
        int at = length + 5;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes[at++] = (byte) c;
            bytes[at++] = (byte) (c >> 8);
        }
        bytes[length] = UTF16;
        length = at;
    }

    // plain shifts rather than a VarHandle view: a batch's first sets run in the interpreter, where a VarHandle is slow

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) (value >> 16);
        bytes[at + 3] = (byte) (value >> 24);
    }

    private static void putLong(byte[] bytes, int at, long value) {
        putInt(bytes, at, (int) value);
        putInt(bytes, at + 4, (int) (value >> 32));
    }

    private static int getInt(byte[] bytes, int at) {
        return bytes[at] & 0xFF | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16 | bytes[at + 3] << 24;
    }
}
