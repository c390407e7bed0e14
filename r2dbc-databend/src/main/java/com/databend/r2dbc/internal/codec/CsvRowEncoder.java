package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.spi.Parameter;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Rows as CSV records in the form Databend's CSV reader takes with its default options (field delimiter {@code ,},
 * quote {@code "}, record delimiter a new line, {@code NULL_DISPLAY} {@code \N}, binary as hex), for streaming loads
 * (docs/protocol.md §8.4), written as UTF-8 straight into a byte array that becomes the next chunk of the body.
 *
 * <p>NULL is {@code \N} unquoted. Text (strings, characters, UUIDs, times, intervals) is always quoted, with
 * {@code "} doubled, so an empty string ({@code ""}) differs from NULL and a quoted {@code "\N"} is text; new lines,
 * commas and other characters stand as they are inside the quotes. Numbers, booleans ({@code true}/{@code false}),
 * dates and timestamps are written as {@link ParameterEncoder} writes them, unquoted: the same text the single-row
 * path sends, read by the server in the session's time zone. Floating-point values are the JDK's
 * {@code Double.toString}/{@code Float.toString} text; NaN and infinities are {@code nan}, {@code inf}, {@code -inf}.
 * Binary values are uppercase hex.
 *
 * <p>{@link #canEncode(Object, boolean)} says which values have such a form. Text holding a backslash right before a
 * quote, or ending in a backslash, has none: CSV readers that take {@code \"} as an escaped quote would read it
 * otherwise. Databend's CSV reader takes an empty field, quoted or not, as NULL by default ({@code EMPTY_FIELD_AS =
 * NULL}): empty text has a form ({@code ""}) only for a load that reads empty fields as strings
 * ({@code EMPTY_FIELD_AS = STRING}, read so for nullable columns too from the servers with streaming load on), an
 * encoder made with {@code emptyText}. Empty binary values have none.
 * Collections, arrays and maps have none either: their text inside a CSV field is not read the same way by every
 * server, so a statement binding one runs on the single-row path.
 *
 * <p>An encoder is used by one subscriber at a time; it is not thread-safe.
 */
public final class CsvRowEncoder {

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] EMPTY_TEXT = {'"', '"'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LONG_MIN = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);
    /** "00" to "99", for two digits a division. */
    private static final byte[] DIGIT_PAIRS = new byte[200];
    /** 10^0 to 10^18. */
    private static final long[] LONG_POWERS_OF_TEN = new long[19];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        LONG_POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < LONG_POWERS_OF_TEN.length; i++) {
            LONG_POWERS_OF_TEN[i] = LONG_POWERS_OF_TEN[i - 1] * 10;
        }
    }

    /** Powers of ten a double holds exactly, for the short decimals of {@link #writeDouble(double)}. */
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    private static final long CANONICAL_NAN = Double.doubleToRawLongBits(Double.NaN);
    private static final int CANONICAL_FLOAT_NAN = Float.floatToRawIntBits(Float.NaN);
    /** Below 2^53 every integer is a double. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

    private final int columns;
    private final int chunkCapacity;
    private final boolean emptyText;
    private byte[] bytes;
    private int length;
    private long rows;

    /**
     * @param columns       the values each row must have
     * @param chunkCapacity the bytes a chunk starts with; it grows when a row does not fit
     * @param emptyText     whether the load reads empty fields as empty strings ({@code EMPTY_FIELD_AS = STRING}),
     *                      so that empty text can be written
     */
    public CsvRowEncoder(int columns, int chunkCapacity, boolean emptyText) {
        this.columns = columns;
        this.chunkCapacity = chunkCapacity;
        this.emptyText = emptyText;
        this.bytes = new byte[chunkCapacity];
    }

    /**
     * Whether {@code value} has a CSV form that Databend reads back as the value itself, for a load that reads empty
     * fields as empty strings when {@code emptyText}.
     */
    public static boolean canEncode(@Nullable Object value, boolean emptyText) {
        if (value instanceof String text) {
            return text.isEmpty() ? emptyText : text.indexOf('\\') < 0 || quotable(text);
        }
        if (value == null || value instanceof Boolean || isNumber(value) || value instanceof LocalDate
                || value instanceof LocalDateTime || value instanceof Instant || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime) {
            return true;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.hasRemaining();
        }
        if (value instanceof byte[] array) {
            return array.length > 0;
        }
        if (value instanceof Character || value instanceof UUID || value instanceof LocalTime
                || value instanceof DatabendInterval || value instanceof Duration) {
            return quotable(ParameterEncoder.text(value));
        }
        return false;
    }

    /**
     * Appends one record: the row's values ({@code Object[]} or {@code List}, a {@link Parameter} standing for its
     * value) in order, followed by a new line.
     *
     * @throws IllegalArgumentException when the row is not an array or a list of {@code columns} values, or a value
     *                                  {@linkplain #canEncode(Object, boolean) cannot be encoded}; the chunk then
     *                                  holds the values before it
     */
    public void writeRow(@Nullable Object row) {
        if (row instanceof Object[] values) {
            requireColumns(values.length);
            for (int i = 0; i < values.length; i++) {
                writeField(i, values[i]);
            }
        } else if (row instanceof List<?> values) {
            requireColumns(values.size());
            for (int i = 0; i < columns; i++) {
                writeField(i, values.get(i));
            }
        } else {
            throw new IllegalArgumentException("A row must be an Object[] or a List, not "
                    + (row == null ? "null" : row.getClass().getName()));
        }
        ensure(1);
        bytes[length++] = '\n';
        rows++;
    }

    /**
     * Appends one record of plain values whose text reads back as the same values, of the same classes: each value
     * null, a {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code Float}, a
     * {@code Double} (NaN only as {@code Double.NaN}'s bits) or a {@code String} that has a CSV form and no unpaired
     * surrogate. A statement's binding sets are kept as such records until they are sent ({@code CsvBindingSets}).
     *
     * @return whether the record was appended; when not (a value of another kind, or not {@code columns} values),
     * nothing was
     */
    public boolean writePlainRow(@Nullable Object[] values) {
        if (values.length != columns) {
            return false;
        }
        int start = length;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                ensure(1);
                bytes[length++] = ',';
            }
            if (!writePlain(values[i])) {
                length = start;
                return false;
            }
        }
        ensure(1);
        bytes[length++] = '\n';
        rows++;
        return true;
    }

    /** The bytes written since the last {@link #takeChunk()}. */
    public int size() {
        return length;
    }

    /** The rows written since the last {@link #takeChunk()}. */
    public long rows() {
        return rows;
    }

    /** The records written so far as one buffer; the encoder starts a new chunk. */
    public ByteBuf takeChunk() {
        ByteBuf chunk = Unpooled.wrappedBuffer(bytes, 0, length);
        bytes = new byte[chunkCapacity];
        length = 0;
        rows = 0;
        return chunk;
    }

    private void requireColumns(int values) {
        if (values != columns) {
            throw new IllegalArgumentException("A row has " + values + " value(s); the statement takes " + columns);
        }
    }

    private void writeField(int index, @Nullable Object value) {
        if (index > 0) {
            ensure(1);
            bytes[length++] = ',';
        }
        if (!writeValue(value)) {
            Object actual = value instanceof Parameter parameter ? parameter.getValue() : value;
            throw new IllegalArgumentException("Value " + (index + 1) + " of a row, a " + actual.getClass().getName()
                    + ", has no faithful CSV form for a load (collections, arrays, maps, empty strings, empty binary"
                    + " values and text with a backslash before a quote or at its end have none)");
        }
    }

    /** Writes the value's field, or nothing and {@code false} when it has no faithful CSV form. */
    private boolean writeValue(@Nullable Object value) {
        if (value instanceof String text) {
            return writeQuoted(text, true);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            writeLong(((Number) value).longValue());
        } else if (value instanceof Double number) {
            writeDouble(number);
        } else if (value == null) {
            write(NULL);
        } else if (value instanceof Boolean flag) {
            write(flag ? TRUE : FALSE);
        } else if (value instanceof Float number) {
            writeFloat(number);
        } else if (value instanceof BigDecimal decimal) {
            writeAscii(decimal.toPlainString());
        } else if (value instanceof BigInteger integer) {
            writeAscii(integer.toString());
        } else if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof Instant
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
            writeAscii(ParameterEncoder.text(value));
        } else if (value instanceof byte[] array) {
            return writeHex(ByteBuffer.wrap(array));
        } else if (value instanceof ByteBuffer buffer) {
            return writeHex(buffer.duplicate());
        } else if (value instanceof Character || value instanceof UUID || value instanceof LocalTime
                || value instanceof DatabendInterval || value instanceof Duration) {
            return writeQuoted(ParameterEncoder.text(value), true);
        } else if (value instanceof Parameter parameter) {
            // last: an interface check costs more than the class checks above, and a statement's values are unwrapped
            return writeValue(parameter.getValue());
        } else {
            return false;
        }
        return true;
    }

    private boolean writePlain(@Nullable Object value) {
        if (value == null) {
            write(NULL);
            return true;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            return writeQuoted((String) value, false);
        }
        if (type == Long.class || type == Integer.class || type == Short.class || type == Byte.class) {
            writeLong(((Number) value).longValue());
        } else if (type == Double.class) {
            double number = (Double) value;
            if (Double.isNaN(number) && Double.doubleToRawLongBits(number) != CANONICAL_NAN) {
                return false;
            }
            writeDouble(number);
        } else if (type == Boolean.class) {
            write((Boolean) value ? TRUE : FALSE);
        } else if (type == Float.class) {
            float number = (Float) value;
            if (Float.isNaN(number) && Float.floatToRawIntBits(number) != CANONICAL_FLOAT_NAN) {
                return false;
            }
            writeFloat(number);
        } else {
            return false;
        }
        return true;
    }

    private void writeFloat(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            writeDouble(value);
        } else {
            writeAscii(Float.toString(value));
        }
    }

    private void writeLong(long value) {
        if (value == Long.MIN_VALUE) {
            write(LONG_MIN);
            return;
        }
        ensure(20);
        long magnitude = value;
        if (value < 0) {
            bytes[length++] = '-';
            magnitude = -value;
        }
        int at = length + digits(magnitude);
        length = at;
        while (magnitude > Integer.MAX_VALUE) {
            long quotient = magnitude / 100;
            at = writePair((int) (magnitude - quotient * 100), at);
            magnitude = quotient;
        }
        // the rest in int arithmetic, two digits a division
        int rest = (int) magnitude;
        while (rest >= 100) {
            int quotient = rest / 100;
            at = writePair(rest - quotient * 100, at);
            rest = quotient;
        }
        if (rest >= 10) {
            writePair(rest, at);
        } else {
            bytes[at - 1] = (byte) ('0' + rest);
        }
    }

    /** The two digits of {@code pair} (0 to 99) before {@code end}; returns where they start. */
    private int writePair(int pair, int end) {
        bytes[end - 1] = DIGIT_PAIRS[2 * pair + 1];
        bytes[end - 2] = DIGIT_PAIRS[2 * pair];
        return end - 2;
    }

    /** The decimal digits of a magnitude from 0 to {@code Long.MAX_VALUE}. */
    private static int digits(long magnitude) {
        // log10 from the bit length (1233 / 4096 is just above log10(2)), then one comparison to correct it
        int guess = (64 - Long.numberOfLeadingZeros(magnitude)) * 1233 >>> 12;
        return magnitude >= LONG_POWERS_OF_TEN[guess] ? guess + 1 : Math.max(guess, 1);
    }

    /**
     * {@code Double.toString}'s text. A value from 0.001 to 10^7 that a decimal of at most nine fraction digits
     * rounds to is written as those digits without asking the JDK: it is the text {@code Double.toString} gives
     * for such a value, made without its allocations (CsvRowEncoderTests compares the two).
     */
    private void writeDouble(double value) {
        if (Double.isNaN(value)) {
            writeAscii("nan");
            return;
        }
        if (Double.isInfinite(value)) {
            writeAscii(value > 0 ? "inf" : "-inf");
            return;
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            long whole = (long) magnitude;
            if (whole == magnitude) {
                writeDecimal(value < 0, whole, 0);
                return;
            }
            for (int scale = 1; scale < POWERS_OF_TEN.length; scale++) {
                double scaled = magnitude * POWERS_OF_TEN[scale];
                if (scaled >= EXACT_INTEGERS) {
                    break;
                }
                long unscaled = Math.round(scaled);
                if (unscaled / POWERS_OF_TEN[scale] == magnitude) {
                    writeDecimal(value < 0, unscaled, scale);
                    return;
                }
            }
        }
        writeAscii(Double.toString(value));
    }

    /** {@code unscaled / 10^scale} in plain notation, with at least one digit after the point. */
    private void writeDecimal(boolean negative, long unscaled, int scale) {
        if (negative) {
            ensure(1);
            bytes[length++] = '-';
        }
        long factor = 1;
        for (int i = 0; i < scale; i++) {
            factor *= 10;
        }
        writeLong(unscaled / factor);
        ensure(scale + 1);
        bytes[length++] = '.';
        if (scale == 0) {
            bytes[length++] = '0';
            return;
        }
        long fraction = unscaled % factor;
        int end = length + scale;
        for (int at = end - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        length = end;
    }

    private boolean writeHex(ByteBuffer buffer) {
        if (!buffer.hasRemaining()) {
            return false;
        }
        ensure(2 * buffer.remaining());
        while (buffer.hasRemaining()) {
            byte b = buffer.get();
            bytes[length++] = HEX_DIGITS[(b >> 4) & 0xF];
            bytes[length++] = HEX_DIGITS[b & 0xF];
        }
        return true;
    }

    /**
     * The text quoted, as UTF-8, checking as it goes that it is {@linkplain #canEncode(Object, boolean) quotable}; an
     * unpaired surrogate is written as {@code ?} when {@code lossy}, else the text is refused.
     */
    private boolean writeQuoted(String text, boolean lossy) {
        int n = text.length();
        if (n == 0) {
            if (emptyText) {
                write(EMPTY_TEXT);
            }
            return emptyText;
        }
        if (text.charAt(n - 1) == '\\') {
            return false;
        }
        int start = length;
        // at most three bytes a char, and the quotes
        ensure(3 * n + 2);
        byte[] out = bytes;
        int at = length;
        out[at++] = '"';
        char previous = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '"') {
                    if (previous == '\\') {
                        length = start;
                        return false;
                    }
                    out[at++] = '"';
                }
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int code = Character.toCodePoint(c, text.charAt(++i));
                out[at++] = (byte) (0xF0 | code >> 18);
                out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | code & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (!lossy) {
                    length = start;
                    return false;
                }
                // what String.getBytes(UTF_8) writes for a surrogate without its pair
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            }
            previous = c;
        }
        out[at++] = '"';
        length = at;
        return true;
    }

    private void writeAscii(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void write(byte[] text) {
        ensure(text.length);
        System.arraycopy(text, 0, bytes, length, text.length);
        length += text.length;
    }

    private void ensure(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    private static boolean isNumber(Object value) {
        return value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger || value instanceof BigDecimal || value instanceof Float
                || value instanceof Double;
    }

    private static boolean quotable(String text) {
        return !text.isEmpty() && !text.contains("\\\"") && !text.endsWith("\\");
    }
}
