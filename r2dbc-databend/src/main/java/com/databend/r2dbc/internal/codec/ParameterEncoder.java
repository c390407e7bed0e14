package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import com.fasterxml.jackson.core.JsonGenerator;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;

import java.io.IOException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Parameter values, written either as JSON {@code params} for servers newer than 1.2.900 (the server turns them
 * into literals after parsing, docs/protocol.md §2.1) or as SQL literals for older servers.
 *
 * <p>Text forms: dates {@code 2024-04-10}; LocalDateTime {@code 2024-04-10 01:02:03.000000} (a wall time, read by
 * the server in the session time zone); LocalTime {@code 01:02:03.000000}; Instant, OffsetDateTime and
 * ZonedDateTime {@code 2024-04-10 01:02:03.000000 +0800}, with the value's own offset ({@code +0000} for an
 * Instant), so the server gets the exact instant whatever its time zone; intervals in Databend's interval text;
 * floating-point NaN and infinities as {@code nan}, {@code inf}, {@code -inf}, the spellings Databend parses;
 * binary as {@code FROM_HEX('..')} (SQL) or its uppercase hex text (JSON, see {@link #hasJsonForm(Object)});
 * collections and arrays as Databend array literals {@code [..]} or JSON arrays; maps as Databend map literals
 * {@code {'k':1,..}} (SQL only, see {@link #hasJsonForm(Object)}).
 *
 * <p>Negative numbers are parenthesised ({@code (-5)}) so that no {@code --} comment can form after a minus.
 * SQL string literals are single-quoted; {@code '} is doubled and {@code \} doubled (Databend reads
 * backslash escapes in literals), and control characters use backslash escapes, so no value can end the literal
 * or change the statement's structure.
 */
public final class ParameterEncoder {

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private ParameterEncoder() {
    }

    /**
     * Whether values of this class can be bound; {@code Statement.bind} rejects others with IllegalArgumentException.
     * {@link Blob} and {@link Clob} are accepted here but are streams: the driver reads them into a ByteBuffer or a
     * String before encoding.
     */
    public static boolean supports(Class<?> type) {
        if (type == null) {
            return false;
        }
        return type == String.class || type == Character.class || type == Boolean.class
            || type == Byte.class || type == Short.class || type == Integer.class || type == Long.class
            || type == BigInteger.class || type == Float.class || type == Double.class
            || BigDecimal.class.isAssignableFrom(type)
            || type == LocalDate.class || type == LocalDateTime.class || type == LocalTime.class
            || type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
            || ByteBuffer.class.isAssignableFrom(type) || type == byte[].class
            || type == UUID.class || type == DatabendInterval.class || type == Duration.class
            || Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type.isArray()
            || Blob.class.isAssignableFrom(type) || Clob.class.isAssignableFrom(type);
    }

    /**
     * Whether the JSON form carries the value faithfully. Binary values (and collections holding them) have no
     * JSON form the server would read back as bytes, and maps (and collections holding them) none it would read
     * as a map, since JSON params are plain values (docs/protocol.md §2.1): bind them with
     * {@link #toSqlLiteral(Object)}.
     */
    public static boolean hasJsonForm(Object value) {
        if (value == null) {
            return true;
        }
        if (value instanceof ByteBuffer || value instanceof byte[] || value instanceof Map) {
            return false;
        }
        if (value instanceof Collection) {
            for (Object element : (Collection<?>) value) {
                if (!hasJsonForm(element)) {
                    return false;
                }
            }
            return true;
        }
        if (value.getClass().isArray() && !value.getClass().getComponentType().isPrimitive()) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                if (!hasJsonForm(Array.get(value, i))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Writes the value as a JSON parameter: numbers as JSON numbers, booleans as JSON booleans, null as JSON
     * null, collections and arrays as JSON arrays, everything else as a JSON string.
     *
     * @throws IllegalArgumentException when the value's class is not {@linkplain #supports(Class) supported}
     */
    public static void writeJson(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
            || value instanceof Long) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            generator.writeNumber((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            generator.writeNumber(((BigDecimal) value).toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                generator.writeString(nonFinite(d));
            } else {
                generator.writeNumber(value.toString());
            }
        } else if (value instanceof Collection) {
            generator.writeStartArray();
            for (Object element : (Collection<?>) value) {
                writeJson(generator, element);
            }
            generator.writeEndArray();
        } else if (value.getClass().isArray() && !(value instanceof byte[])) {
            generator.writeStartArray();
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                writeJson(generator, Array.get(value, i));
            }
            generator.writeEndArray();
        } else {
            generator.writeString(text(value));
        }
    }

    /**
     * The value as a Databend SQL literal: {@code NULL}, {@code TRUE}/{@code FALSE}, plain numbers,
     * {@code FROM_HEX('..')} for binary, {@code [..]} for collections and arrays, {@code {k:v,..}} for maps (keys
     * and values as literals, in the map's iteration order), a quoted string otherwise.
     *
     * @throws IllegalArgumentException when the value's class is not {@linkplain #supports(Class) supported}
     */
    public static String toSqlLiteral(Object value) {
        StringBuilder sql = new StringBuilder();
        appendSqlLiteral(sql, value);
        return sql.toString();
    }

    private static void appendSqlLiteral(StringBuilder sql, Object value) {
        if (value == null) {
            sql.append("NULL");
        } else if (value instanceof Boolean) {
            sql.append((Boolean) value ? "TRUE" : "FALSE");
        } else if (value instanceof Byte || value instanceof Short || value instanceof Integer
            || value instanceof Long || value instanceof BigInteger) {
            appendNumber(sql, value.toString());
        } else if (value instanceof BigDecimal) {
            appendNumber(sql, ((BigDecimal) value).toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                sql.append("CAST('").append(nonFinite(d)).append("' AS ")
                    .append(value instanceof Float ? "FLOAT" : "DOUBLE").append(')');
            } else {
                appendNumber(sql, value.toString().replace('E', 'e'));
            }
        } else if (value instanceof ByteBuffer || value instanceof byte[]) {
            sql.append("FROM_HEX('");
            appendHex(sql, value);
            sql.append("')");
        } else if (value instanceof Collection) {
            sql.append('[');
            boolean first = true;
            for (Object element : (Collection<?>) value) {
                if (!first) {
                    sql.append(',');
                }
                first = false;
                appendSqlLiteral(sql, element);
            }
            sql.append(']');
        } else if (value instanceof Map) {
            sql.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!first) {
                    sql.append(',');
                }
                first = false;
                appendSqlLiteral(sql, entry.getKey());
                sql.append(':');
                appendSqlLiteral(sql, entry.getValue());
            }
            sql.append('}');
        } else if (value.getClass().isArray()) {
            sql.append('[');
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                if (i > 0) {
                    sql.append(',');
                }
                appendSqlLiteral(sql, Array.get(value, i));
            }
            sql.append(']');
        } else {
            appendQuoted(sql, text(value));
        }
    }

    /** Negative numbers are parenthesised: after a '-' in the statement, "-5" would start a comment. */
    private static void appendNumber(StringBuilder sql, String number) {
        if (number.startsWith("-")) {
            sql.append('(').append(number).append(')');
        } else {
            sql.append(number);
        }
    }

    private static void appendQuoted(StringBuilder sql, String text) {
        sql.append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'':
                    sql.append("''");
                    break;
                case '\\':
                    sql.append("\\\\");
                    break;
                case '\n':
                    sql.append("\\n");
                    break;
                case '\r':
                    sql.append("\\r");
                    break;
                case '\t':
                    sql.append("\\t");
                    break;
                case '\0':
                    sql.append("\\0");
                    break;
                default:
                    sql.append(c);
            }
        }
        sql.append('\'');
    }

    /** The text of a value that travels as a string (JSON string, or quoted SQL literal). */
    static String text(Object value) {
        if (value instanceof String) {
            return (String) value;
        }
        if (value instanceof Character || value instanceof UUID || value instanceof DatabendInterval) {
            return value.toString();
        }
        if (value instanceof Duration) {
            return DatabendInterval.from((Duration) value).toString();
        }
        if (value instanceof LocalDate) {
            return value.toString();
        }
        if (value instanceof LocalDateTime) {
            StringBuilder text = new StringBuilder(26);
            appendDateTime(text, (LocalDateTime) value);
            return text.toString();
        }
        if (value instanceof LocalTime) {
            StringBuilder text = new StringBuilder(15);
            appendTime(text, (LocalTime) value);
            return text.toString();
        }
        if (value instanceof Instant) {
            return withOffset(((Instant) value).atOffset(ZoneOffset.UTC));
        }
        if (value instanceof OffsetDateTime) {
            return withOffset((OffsetDateTime) value);
        }
        if (value instanceof ZonedDateTime) {
            return withOffset(((ZonedDateTime) value).toOffsetDateTime());
        }
        if (value instanceof ByteBuffer || value instanceof byte[]) {
            StringBuilder hex = new StringBuilder();
            appendHex(hex, value);
            return hex.toString();
        }
        if (value instanceof Blob || value instanceof Clob) {
            throw new IllegalArgumentException("A " + value.getClass().getName()
                + " must be read into a ByteBuffer or a String before it is encoded");
        }
        throw new IllegalArgumentException("Cannot bind a value of " + value.getClass().getName()
            + " as a Databend parameter");
    }

    private static String withOffset(OffsetDateTime value) {
        StringBuilder text = new StringBuilder(32);
        appendDateTime(text, value.toLocalDateTime());
        int seconds = value.getOffset().getTotalSeconds();
        text.append(' ').append(seconds < 0 ? '-' : '+');
        int magnitude = Math.abs(seconds);
        appendTwoDigits(text, magnitude / 3600);
        appendTwoDigits(text, magnitude / 60 % 60);
        return text.toString();
    }

    private static void appendDateTime(StringBuilder text, LocalDateTime value) {
        text.append(value.toLocalDate()).append(' ');
        appendTime(text, value.toLocalTime());
    }

    private static void appendTime(StringBuilder text, LocalTime value) {
        appendTwoDigits(text, value.getHour());
        text.append(':');
        appendTwoDigits(text, value.getMinute());
        text.append(':');
        appendTwoDigits(text, value.getSecond());
        text.append('.');
        String micros = Integer.toString(value.getNano() / 1_000);
        for (int i = micros.length(); i < 6; i++) {
            text.append('0');
        }
        text.append(micros);
    }

    private static void appendTwoDigits(StringBuilder text, int value) {
        if (value < 10) {
            text.append('0');
        }
        text.append(value);
    }

    private static void appendHex(StringBuilder text, Object value) {
        if (value instanceof byte[]) {
            for (byte b : (byte[]) value) {
                text.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
            }
        } else {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                text.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
            }
        }
    }

    private static String nonFinite(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        return value > 0 ? "inf" : "-inf";
    }
}
