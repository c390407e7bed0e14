package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Rows as CSV records in the form Databend's CSV reader takes with its default options (field delimiter {@code ,},
 * quote {@code "}, record delimiter a new line, {@code NULL_DISPLAY} {@code \N}, binary as hex), for streaming loads
 * (docs/protocol.md §8.4).
 *
 * <p>NULL is {@code \N} unquoted. Text (strings, characters, UUIDs, times, intervals) is always quoted, with
 * {@code "} doubled, so an empty string ({@code ""}) differs from NULL and a quoted {@code "\N"} is text; new lines,
 * commas and other characters stand as they are inside the quotes. Numbers, booleans ({@code true}/{@code false}),
 * dates and timestamps are written as {@link ParameterEncoder} writes them, unquoted: the same text the single-row
 * path sends, read by the server in the session's time zone. Floating-point NaN and infinities are {@code nan},
 * {@code inf}, {@code -inf}. Binary values are uppercase hex.
 *
 * <p>{@link #canEncode(Object)} says which values have such a form. Text holding a backslash right before a quote,
 * or ending in a backslash, has none: CSV readers that take {@code \"} as an escaped quote would read it otherwise.
 * Empty text and empty binary values have none either: Databend's CSV reader may take an empty field, quoted or
 * not, as NULL or the column's default, depending on its version and {@code EMPTY_FIELD_AS}.
 * Collections, arrays and maps have none either: their text inside a CSV field is not read the same way by every
 * server, so a statement binding one runs on the single-row path.
 */
public final class CsvRowEncoder {

    private CsvRowEncoder() {
    }

    /** Whether {@code value} has a CSV form that Databend reads back as the value itself. */
    public static boolean canEncode(@Nullable Object value) {
        if (value == null || value instanceof Boolean || isNumber(value) || value instanceof LocalDate
                || value instanceof LocalDateTime || value instanceof Instant || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime) {
            return true;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.hasRemaining();
        }
        if (value instanceof byte[] bytes) {
            return bytes.length > 0;
        }
        if (value instanceof String || value instanceof Character || value instanceof UUID
                || value instanceof LocalTime || value instanceof DatabendInterval || value instanceof Duration) {
            return quotable(ParameterEncoder.text(value));
        }
        return false;
    }

    /**
     * Appends one record, the values in order followed by a new line.
     *
     * @throws IllegalArgumentException when a value {@linkplain #canEncode(Object) cannot be encoded}
     */
    public static void appendRow(StringBuilder out, @Nullable Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendValue(out, values[i]);
        }
        out.append('\n');
    }

    private static void appendValue(StringBuilder out, @Nullable Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof Boolean) {
            out.append((Boolean) value ? "true" : "false");
        } else if (value instanceof BigDecimal) {
            out.append(((BigDecimal) value).toPlainString());
        } else if (value instanceof Float || value instanceof Double) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                out.append("nan");
            } else if (Double.isInfinite(d)) {
                out.append(d > 0 ? "inf" : "-inf");
            } else {
                out.append(value);
            }
        } else if (isNumber(value)) {
            out.append(value);
        } else if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof Instant
                || value instanceof OffsetDateTime || value instanceof ZonedDateTime
                || (value instanceof ByteBuffer || value instanceof byte[]) && canEncode(value)) {
            out.append(ParameterEncoder.text(value));
        } else if (canEncode(value)) {
            appendQuoted(out, ParameterEncoder.text(value));
        } else {
            throw new IllegalArgumentException("A value of " + value.getClass().getName()
                    + " has no faithful CSV form");
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

    private static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
