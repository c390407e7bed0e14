package com.databend.r2dbc.tck.server.render;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import static java.util.Objects.requireNonNull;

/**
 * Turns engine values into the cell text Databend sends in display mode (docs/protocol.md §5): top-level cells raw,
 * values inside Array/Map/Tuple with strings, dates, timestamps and intervals double-quoted.
 */
public final class CellRenderer {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
        Locale.ROOT);

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);

    private static final JsonFactory JSON = new JsonFactory();

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private final ZoneId timezone;

    private final BinaryOutputFormat binaryFormat;

    public CellRenderer(ZoneId timezone, BinaryOutputFormat binaryFormat) {
        this.timezone = requireNonNull(timezone, "timezone must not be null");
        this.binaryFormat = requireNonNull(binaryFormat, "binaryFormat must not be null");
    }

    /** The top-level cell, {@code null} for SQL NULL. */
    public String render(DatabendType type, Object value) {
        if (value == null || type.kind() == DatabendType.Kind.NULL) {
            return null;
        }
        switch (type.kind()) {
            case STRING:
                return String.valueOf(value);
            case DATE:
                return date(value);
            case TIMESTAMP:
                return timestamp(value);
            case INTERVAL:
                return interval(value);
            default:
                StringBuilder out = new StringBuilder();
                appendValue(out, type, value);
                return out.toString();
        }
    }

    private void appendNested(StringBuilder out, DatabendType type, Object value) {
        if (value == null || type.kind() == DatabendType.Kind.NULL) {
            out.append("NULL");
            return;
        }
        switch (type.kind()) {
            case STRING:
                appendQuoted(out, String.valueOf(value));
                return;
            case DATE:
                appendQuoted(out, date(value));
                return;
            case TIMESTAMP:
                appendQuoted(out, timestamp(value));
                return;
            case INTERVAL:
                appendQuoted(out, interval(value));
                return;
            default:
                appendValue(out, type, value);
        }
    }

    private void appendValue(StringBuilder out, DatabendType type, Object value) {
        switch (type.kind()) {
            case BOOLEAN:
                out.append(truthy(value) ? '1' : '0');
                return;
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case UINT8:
            case UINT16:
            case UINT32:
            case UINT64:
                out.append(integerText(value));
                return;
            case FLOAT32:
                out.append(value instanceof Float ? FloatText.of((Float) value)
                    : FloatText.of(((Number) value).floatValue()));
                return;
            case FLOAT64:
                out.append(FloatText.of(((Number) value).doubleValue()));
                return;
            case DECIMAL:
                out.append(decimal(value, type.scale()));
                return;
            case BINARY:
                out.append(binary(bytes(value)));
                return;
            case VARIANT:
                out.append(compactJson(String.valueOf(value)));
                return;
            case ARRAY:
                appendArray(out, type.children().get(0), value);
                return;
            case EMPTY_ARRAY:
                out.append("[]");
                return;
            case EMPTY_MAP:
                out.append("{}");
                return;
            case MAP:
                appendMap(out, type, value);
                return;
            case TUPLE:
                appendTuple(out, type, value);
                return;
            default:
                appendNested(out, type, value);
        }
    }

    private void appendArray(StringBuilder out, DatabendType element, Object value) {
        Object[] items = elements(value);
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            appendNested(out, element, items[i]);
        }
        out.append(']');
    }

    private void appendMap(StringBuilder out, DatabendType type, Object value) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendNested(out, type.children().get(0), entry.getKey());
            out.append(':');
            appendNested(out, type.children().get(1), entry.getValue());
        }
        out.append('}');
    }

    private void appendTuple(StringBuilder out, DatabendType type, Object value) {
        Object[] fields = fields(value);
        List<DatabendType> types = type.children();
        out.append('(');
        for (int i = 0; i < types.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendNested(out, types.get(i), i < fields.length ? fields[i] : null);
        }
        out.append(')');
    }

    private static Object[] elements(Object value) {
        if (value instanceof Object[]) {
            return (Object[]) value;
        }
        if (value instanceof List) {
            return ((List<?>) value).toArray();
        }
        if (value instanceof java.sql.Array) {
            try {
                return (Object[]) ((java.sql.Array) value).getArray();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read an array value", e);
            }
        }
        throw new IllegalArgumentException("not an array value: " + value.getClass().getName());
    }

    private static Object[] fields(Object value) {
        if (value instanceof Struct) {
            try {
                return ((Struct) value).getAttributes();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read a struct value", e);
            }
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).values().toArray();
        }
        return elements(value);
    }

    private static boolean truthy(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof Number) {
            return ((Number) value).longValue() != 0;
        }
        return Boolean.parseBoolean(String.valueOf(value)) || "1".equals(String.valueOf(value));
    }

    private static String integerText(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toBigInteger().toString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).toBigInteger().toString();
        }
        return String.valueOf(value);
    }

    private static String decimal(Object value, int scale) {
        BigDecimal number;
        if (value instanceof BigDecimal) {
            number = (BigDecimal) value;
        } else if (value instanceof BigInteger) {
            number = new BigDecimal((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            number = BigDecimal.valueOf(((Number) value).doubleValue());
        } else if (value instanceof Number) {
            number = BigDecimal.valueOf(((Number) value).longValue());
        } else {
            number = new BigDecimal(String.valueOf(value));
        }
        return number.setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    private String date(Object value) {
        if (value instanceof LocalDate) {
            return DATE.format((LocalDate) value);
        }
        if (value instanceof java.sql.Date) {
            return DATE.format(((java.sql.Date) value).toLocalDate());
        }
        return String.valueOf(value);
    }

    private String timestamp(Object value) {
        if (value instanceof OffsetDateTime) {
            return TIMESTAMP.format(((OffsetDateTime) value).atZoneSameInstant(this.timezone));
        }
        if (value instanceof ZonedDateTime) {
            return TIMESTAMP.format(((ZonedDateTime) value).withZoneSameInstant(this.timezone));
        }
        if (value instanceof Instant) {
            return TIMESTAMP.format(((Instant) value).atZone(this.timezone));
        }
        if (value instanceof LocalDateTime) {
            return TIMESTAMP.format((LocalDateTime) value);
        }
        if (value instanceof java.sql.Timestamp) {
            return TIMESTAMP.format(((java.sql.Timestamp) value).toLocalDateTime());
        }
        return String.valueOf(value);
    }

    private static String interval(Object value) {
        return IntervalText.fromDuckDb(String.valueOf(value));
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        if (value instanceof Blob) {
            try {
                Blob blob = (Blob) value;
                return blob.getBytes(1, (int) blob.length());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read a binary value", e);
            }
        }
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private String binary(byte[] bytes) {
        switch (this.binaryFormat) {
            case BASE64:
                return Base64.getEncoder().encodeToString(bytes);
            case UTF8:
                try {
                    CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                    return chars.toString();
                } catch (CharacterCodingException e) {
                    throw new DatabendError(1006, "Invalid UTF-8 sequence while formatting binary column: "
                        + "invalid utf-8 sequence. Consider setting binary_output_format to 'UTF-8-LOSSY'.");
                }
            case UTF8_LOSSY:
                return new String(bytes, StandardCharsets.UTF_8);
            case HEX:
            default:
                char[] out = new char[bytes.length * 2];
                for (int i = 0; i < bytes.length; i++) {
                    out[2 * i] = HEX_DIGITS[(bytes[i] >> 4) & 0xF];
                    out[2 * i + 1] = HEX_DIGITS[bytes[i] & 0xF];
                }
                return new String(out);
        }
    }

    private static void appendQuoted(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    /** Re-writes JSON text without insignificant whitespace, as Databend prints a Variant. */
    static String compactJson(String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            StringWriter writer = new StringWriter(json.length());
            try (JsonGenerator generator = JSON.createGenerator(writer)) {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        generator.writeNumber(parser.getText());
                    } else {
                        generator.copyCurrentEvent(parser);
                    }
                }
            }
            return writer.toString();
        } catch (IOException e) {
            return json;
        }
    }
}
