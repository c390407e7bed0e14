package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;

import java.util.Objects;

/**
 * Decodes {@code data} cells (docs/protocol.md §5): each cell is the String the server wrote, or null for SQL NULL.
 * One small decoder per type family sits behind this class; nested values (Array, Map, Tuple) are read by a
 * cursor parser that hands each element back to the same decoders.
 */
public final class Codecs {

    private static final String LEGACY_NULL = "NULL";

    private Codecs() {
    }

    /**
     * The cell as the default Java type of {@code type} (README.md, "Types"). A nullable non-String
     * column also accepts the legacy cell text {@code "NULL"} as SQL NULL (docs/protocol.md §5.4).
     *
     * @throws IllegalArgumentException when the cell is not a value of {@code type}
     */
    public static Object decode(String cell, DatabendType type, DecodeContext context) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(context, "context must not be null");
        if (isNull(cell, type)) {
            return null;
        }
        return decodeValue(cell, type, context);
    }

    /**
     * The cell converted to {@code target}: the default type, a type of the "also on request" column of
     * README.md's "Types", a wider numeric, or String (the server's text). {@code Object.class} means the default
     * type; primitive classes mean their wrappers.
     *
     * @throws IllegalArgumentException naming the type and the target when the value is not convertible
     * @throws ArithmeticException when a number does not fit the target exactly
     */
    @SuppressWarnings("unchecked")
    public static <T> T decode(String cell, DatabendType type, Class<T> target, DecodeContext context) {
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(target, "target must not be null");
        Objects.requireNonNull(context, "context must not be null");
        if (isNull(cell, type)) {
            return null;
        }
        Class<?> boxed = ValueConverter.box(target);
        if (boxed == Object.class) {
            return (T) decodeValue(cell, type, context);
        }
        if (boxed == String.class && type.kind() != DatabendTypeKind.BOOLEAN) {
            return (T) cell;
        }
        Object value = decodeValue(cell, type, context);
        return (T) ValueConverter.convert(value, type, boxed, context);
    }

    private static boolean isNull(String cell, DatabendType type) {
        return cell == null || (type.nullable() && type.kind() != DatabendTypeKind.STRING && LEGACY_NULL.equals(cell));
    }

    /** The value of a non-null cell or nested element whose text is already unquoted. */
    static Object decodeValue(String text, DatabendType type, DecodeContext context) {
        if (type.kind().isInteger()) {
            return IntegerDecoder.decode(text, type.kind());
        }
        switch (type.kind()) {
            case BOOLEAN:
                return BooleanDecoder.decode(text);
            case FLOAT32:
                return FloatDecoder.decodeFloat(text);
            case FLOAT64:
                return FloatDecoder.decodeDouble(text);
            case DECIMAL:
                return DecimalDecoder.decode(text, type);
            case BINARY:
                return BinaryDecoder.decode(text, context.binaryFormat());
            case DATE:
                return TemporalDecoder.decodeDate(text);
            case TIMESTAMP:
                return TemporalDecoder.decodeTimestamp(text, context.timezone());
            case TIMESTAMP_TZ:
                return TemporalDecoder.decodeTimestampTz(text);
            case INTERVAL:
                return DatabendInterval.parse(text);
            case ARRAY:
            case MAP:
            case TUPLE:
            case VECTOR:
                return NestedValueReader.read(text, type, context);
            case NULL:
            case NOTHING:
                return null;
            default:
                // String, Variant (compact JSON text), Bitmap, Geometry, Geography and unknown types:
                // the text exactly as the server rendered it.
                return text;
        }
    }
}
