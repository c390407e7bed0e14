package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import reactor.core.publisher.Mono;

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
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Converts a decoded default value to a requested Java type (README.md, "Types", "also on request"): wider
 * numerics, temporal types computed with the response's time zone, Duration, Clob, byte[] and Blob, Java arrays of
 * Array values. Used for top-level cells and for the elements of nested values alike.
 */
final class ValueConverter {

    private ValueConverter() {
    }

    static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        if (type == char.class) {
            return Character.class;
        }
        return Void.class;
    }

    static Object convert(Object value, DatabendType type, Class<?> target, DecodeContext context) {
        if (value == null || target == Object.class || target.isInstance(value)) {
            return value;
        }
        Object converted = convertOrNull(value, type, target, context);
        if (converted == null) {
            throw new IllegalArgumentException("Cannot convert Databend " + type.typeName() + " to "
                + target.getName());
        }
        return converted;
    }

    private static Object convertOrNull(Object value, DatabendType type, Class<?> target, DecodeContext context) {
        if (target == String.class) {
            return text(value);
        }
        if (value instanceof Number) {
            return NumberConversions.convert((Number) value, target);
        }
        if (value instanceof LocalDateTime) {
            return fromTimestamp((LocalDateTime) value, target, context);
        }
        if (value instanceof OffsetDateTime) {
            return fromTimestampTz((OffsetDateTime) value, target);
        }
        if (value instanceof LocalDate) {
            return target == LocalDateTime.class ? ((LocalDate) value).atStartOfDay() : null;
        }
        if (value instanceof DatabendInterval) {
            return target == Duration.class ? ((DatabendInterval) value).toDuration() : null;
        }
        if (value instanceof String) {
            return fromText((String) value, type, target);
        }
        if (value instanceof ByteBuffer) {
            return fromBytes((ByteBuffer) value, target);
        }
        if (value instanceof List && target.isArray()) {
            return toArray((List<?>) value, type, target.getComponentType(), context);
        }
        if (value instanceof List && (target == Collection.class || target == Iterable.class)) {
            return value;
        }
        if (value instanceof float[] && target == double[].class) {
            float[] floats = (float[]) value;
            double[] doubles = new double[floats.length];
            for (int i = 0; i < floats.length; i++) {
                doubles[i] = floats[i];
            }
            return doubles;
        }
        if (value instanceof float[] && (target == List.class || target == Collection.class)) {
            float[] floats = (float[]) value;
            List<Float> list = new ArrayList<>(floats.length);
            for (float f : floats) {
                list.add(f);
            }
            return list;
        }
        return null;
    }

    private static Object fromTimestamp(LocalDateTime value, Class<?> target, DecodeContext context) {
        if (target == Instant.class) {
            return value.atZone(context.timezone()).toInstant();
        }
        if (target == ZonedDateTime.class) {
            return value.atZone(context.timezone());
        }
        if (target == OffsetDateTime.class) {
            return value.atZone(context.timezone()).toOffsetDateTime();
        }
        if (target == LocalDate.class) {
            return value.toLocalDate();
        }
        if (target == LocalTime.class) {
            return value.toLocalTime();
        }
        return null;
    }

    private static Object fromTimestampTz(OffsetDateTime value, Class<?> target) {
        if (target == Instant.class) {
            return value.toInstant();
        }
        if (target == ZonedDateTime.class) {
            return value.toZonedDateTime();
        }
        if (target == LocalDateTime.class) {
            return value.toLocalDateTime();
        }
        if (target == LocalDate.class) {
            return value.toLocalDate();
        }
        return null;
    }

    private static Object fromText(String value, DatabendType type, Class<?> target) {
        if (target == Clob.class) {
            return Clob.from(Mono.<CharSequence>just(value));
        }
        boolean geo = type.kind() == DatabendTypeKind.GEOMETRY || type.kind() == DatabendTypeKind.GEOGRAPHY;
        if (geo && (target == ByteBuffer.class || target == byte[].class)) {
            // WKB / EWKB output formats render the geometry as uppercase hex.
            byte[] bytes = BinaryDecoder.hex(value);
            return target == byte[].class ? bytes : ByteBuffer.wrap(bytes);
        }
        return null;
    }

    private static Object fromBytes(ByteBuffer value, Class<?> target) {
        if (target == byte[].class) {
            ByteBuffer copy = value.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (target == Blob.class) {
            return Blob.from(Mono.just(value));
        }
        return null;
    }

    private static Object toArray(List<?> values, DatabendType type, Class<?> component, DecodeContext context) {
        DatabendType elementType = type.kind() == DatabendTypeKind.ARRAY ? type.arguments().get(0) : null;
        Object array = Array.newInstance(component, values.size());
        Class<?> boxedComponent = box(component);
        for (int i = 0; i < values.size(); i++) {
            Object element = values.get(i);
            DatabendType fieldType = elementType != null ? elementType : type.arguments().get(i);
            Object converted = convert(element, fieldType, boxedComponent, context);
            if (converted == null && component.isPrimitive()) {
                throw new IllegalArgumentException("Cannot put NULL of " + type.typeName() + " into "
                    + component.getName() + "[]");
            }
            Array.set(array, i, converted);
        }
        return array;
    }

    private static String text(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof ByteBuffer || value instanceof Map || value instanceof Collection
            || value instanceof float[]) {
            return null;
        }
        return value.toString();
    }

    /** Numeric conversions: exact for integral targets (ArithmeticException when out of range). */
    static final class NumberConversions {

        private NumberConversions() {
        }

        static Object convert(Number value, Class<?> target) {
            if (target == Long.class) {
                return exact(value).longValueExact();
            }
            if (target == Integer.class) {
                return exact(value).intValueExact();
            }
            if (target == Short.class) {
                return exact(value).shortValueExact();
            }
            if (target == Byte.class) {
                return exact(value).byteValueExact();
            }
            if (target == BigInteger.class) {
                return exact(value).toBigIntegerExact();
            }
            if (target == Double.class) {
                return value.doubleValue();
            }
            if (target == Float.class) {
                return value.floatValue();
            }
            if (target == BigDecimal.class) {
                return decimal(value);
            }
            if (target == Number.class) {
                return value;
            }
            return null;
        }

        private static BigDecimal exact(Number value) {
            if (value instanceof Double || value instanceof Float) {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new ArithmeticException(d + " has no integral value");
                }
            }
            return decimal(value);
        }

        private static BigDecimal decimal(Number value) {
            if (value instanceof BigDecimal) {
                return (BigDecimal) value;
            }
            if (value instanceof BigInteger) {
                return new BigDecimal((BigInteger) value);
            }
            if (value instanceof Double || value instanceof Float) {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new ArithmeticException(d + " has no decimal value");
                }
                return value instanceof Float ? new BigDecimal(value.toString()) : BigDecimal.valueOf(d);
            }
            return BigDecimal.valueOf(value.longValue());
        }
    }
}
