package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.api.DatabendInterval;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser of the {@code schema[].type} grammar (docs/protocol.md §5.3): {@code Nullable(T)} at the
 * top level, the {@code " NULL"} suffix for nested nullable types, parameterised types, and legacy or unknown
 * names (unknown names become {@link DatabendTypeKind#OTHER}, their arguments skipped).
 */
final class TypeGrammar extends TextCursor {

    private static final List<DatabendType> NO_ARGUMENTS = Collections.emptyList();

    private TypeGrammar(String text) {
        super(text);
    }

    static DatabendType parse(String text) {
        TypeGrammar grammar = new TypeGrammar(text);
        grammar.skipWhitespace();
        DatabendType type = grammar.type();
        grammar.skipWhitespace();
        if (grammar.pos != text.length()) {
            throw grammar.error("unexpected '" + text.charAt(grammar.pos) + "'");
        }
        return type;
    }

    private DatabendType type() {
        skipWhitespace();
        int start = pos;
        String name = identifier();
        if (name.isEmpty()) {
            throw error(pos < text.length() ? "type name expected at '" + text.charAt(pos) + "'" : "type name expected");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        DatabendType type;
        switch (lower) {
            case "nullable": {
                expect('(');
                DatabendType inner = type();
                expect(')');
                type = new DatabendType(text.substring(start, pos), inner.kind(), true, inner.precision(),
                    inner.scale(), inner.arguments());
                break;
            }
            case "decimal":
            case "numeric":
                type = decimal(start);
                break;
            case "array": {
                expect('(');
                DatabendType element = type();
                expect(')');
                type = of(start, DatabendTypeKind.ARRAY, 0, 0, List.of(element));
                break;
            }
            case "map":
                type = map(start);
                break;
            case "tuple":
                type = tuple(start);
                break;
            case "vector": {
                expect('(');
                int dimension = integer("vector dimension");
                expect(')');
                type = of(start, DatabendTypeKind.VECTOR, dimension, 0, NO_ARGUMENTS);
                break;
            }
            case "emptyarray":
                type = of(start, DatabendTypeKind.ARRAY, 0, 0, List.of(nothing()));
                break;
            case "emptymap":
                type = of(start, DatabendTypeKind.MAP, 0, 0, List.of(nothing(), nothing()));
                break;
            default: {
                DatabendTypeKind kind = simpleKind(lower);
                // Legacy precision arguments (e.g. "DateTime(3)") and arguments of unknown types
                // (Opaque(n), AggregateState(...)) carry nothing a driver decodes.
                skipBalancedArguments();
                type = of(start, kind, defaultPrecision(kind), kind == DatabendTypeKind.TIMESTAMP
                    || kind == DatabendTypeKind.TIMESTAMP_TZ ? 6 : 0, NO_ARGUMENTS);
            }
        }
        return nullSuffix(start, type);
    }

    private DatabendType nullSuffix(int start, DatabendType type) {
        DatabendType result = type;
        while (true) {
            int save = pos;
            skipWhitespace();
            if (pos > save && text.regionMatches(true, pos, "NULL", 0, 4) && !identifierChar(pos + 4)) {
                pos += 4;
                result = new DatabendType(text.substring(start, pos), result.kind(), true, result.precision(),
                    result.scale(), result.arguments());
            } else {
                pos = save;
                return result;
            }
        }
    }

    private DatabendType decimal(int start) {
        expect('(');
        int precision = integer("decimal precision");
        int scale = 0;
        skipWhitespace();
        if (peek() == ',') {
            pos++;
            scale = integer("decimal scale");
        }
        expect(')');
        if (precision < 1 || precision > 76) {
            throw error("decimal precision " + precision + " is outside 1..76");
        }
        if (scale > precision) {
            throw error("decimal scale " + scale + " exceeds precision " + precision);
        }
        return of(start, DatabendTypeKind.DECIMAL, precision, scale, NO_ARGUMENTS);
    }

    private DatabendType map(int start) {
        expect('(');
        skipWhitespace();
        DatabendType key = type();
        skipWhitespace();
        List<DatabendType> arguments;
        if (peek() == ',') {
            pos++;
            skipWhitespace();
            DatabendType value = type();
            arguments = List.of(key, value);
        } else if (key.kind() == DatabendTypeKind.NOTHING) {
            arguments = List.of(key, key);
        } else {
            throw error("Map needs a key and a value type");
        }
        expect(')');
        return of(start, DatabendTypeKind.MAP, 0, 0, arguments);
    }

    private DatabendType tuple(int start) {
        expect('(');
        List<DatabendType> fields = new ArrayList<>();
        skipWhitespace();
        while (true) {
            skipFieldName();
            fields.add(type());
            skipWhitespace();
            char next = peek();
            if (next == ',') {
                pos++;
                skipWhitespace();
                if (peek() == ')') {
                    pos++;
                    break;
                }
            } else if (next == ')') {
                pos++;
                break;
            } else {
                throw error(next == 0 ? "')' expected" : "',' or ')' expected at '" + next + "'");
            }
        }
        return of(start, DatabendTypeKind.TUPLE, 0, 0, fields);
    }

    /** Old servers wrote named tuple fields ("Tuple(a Int32, b String)"); the names are not part of the type. */
    private void skipFieldName() {
        int save = pos;
        String first = identifier();
        if (!first.isEmpty() && peek() == ' ') {
            int afterFirst = pos;
            skipWhitespace();
            String second = identifier();
            if (!second.isEmpty() && !second.equalsIgnoreCase("NULL")) {
                pos = afterFirst;
                skipWhitespace();
                return;
            }
        }
        pos = save;
    }

    private DatabendType of(int start, DatabendTypeKind kind, int precision, int scale, List<DatabendType> arguments) {
        boolean nullable = kind == DatabendTypeKind.NULL;
        return new DatabendType(text.substring(start, pos), kind, nullable, precision, scale, arguments);
    }

    private static DatabendType nothing() {
        return new DatabendType("Nothing", DatabendTypeKind.NOTHING, false, 0, 0, NO_ARGUMENTS);
    }

    private void skipBalancedArguments() {
        int save = pos;
        skipWhitespace();
        if (peek() != '(') {
            pos = save;
            return;
        }
        int depth = 0;
        do {
            char c = peek();
            if (c == 0) {
                throw error("unbalanced '('");
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            pos++;
        } while (depth > 0);
    }

    private static DatabendTypeKind simpleKind(String lower) {
        switch (lower) {
            case "boolean":
            case "bool":
                return DatabendTypeKind.BOOLEAN;
            case "int8":
            case "tinyint":
                return DatabendTypeKind.INT8;
            case "int16":
            case "smallint":
                return DatabendTypeKind.INT16;
            case "int32":
            case "int":
            case "integer":
                return DatabendTypeKind.INT32;
            case "int64":
            case "bigint":
                return DatabendTypeKind.INT64;
            case "uint8":
                return DatabendTypeKind.UINT8;
            case "uint16":
                return DatabendTypeKind.UINT16;
            case "uint32":
                return DatabendTypeKind.UINT32;
            case "uint64":
                return DatabendTypeKind.UINT64;
            case "float32":
            case "float":
                return DatabendTypeKind.FLOAT32;
            case "float64":
            case "double":
                return DatabendTypeKind.FLOAT64;
            case "string":
            case "varchar":
            case "text":
                return DatabendTypeKind.STRING;
            case "binary":
            case "varbinary":
                return DatabendTypeKind.BINARY;
            case "date":
                return DatabendTypeKind.DATE;
            case "timestamp":
            case "datetime":
                return DatabendTypeKind.TIMESTAMP;
            case "timestamp_tz":
            case "timestamptz":
                return DatabendTypeKind.TIMESTAMP_TZ;
            case "interval":
                return DatabendTypeKind.INTERVAL;
            case "variant":
            case "json":
                return DatabendTypeKind.VARIANT;
            case "null":
                return DatabendTypeKind.NULL;
            case "nothing":
                return DatabendTypeKind.NOTHING;
            case "bitmap":
                return DatabendTypeKind.BITMAP;
            case "geometry":
                return DatabendTypeKind.GEOMETRY;
            case "geography":
                return DatabendTypeKind.GEOGRAPHY;
            default:
                return DatabendTypeKind.OTHER;
        }
    }

    private static int defaultPrecision(DatabendTypeKind kind) {
        switch (kind) {
            case BOOLEAN:
                return 1;
            case INT8:
            case UINT8:
                return 3;
            case INT16:
            case UINT16:
                return 5;
            case INT32:
            case UINT32:
                return 10;
            case INT64:
                return 19;
            case UINT64:
                return 20;
            case FLOAT32:
                return 7;
            case FLOAT64:
                return 15;
            case DATE:
                return 10;
            case TIMESTAMP:
                return 26;
            case TIMESTAMP_TZ:
                return 32;
            default:
                return 0;
        }
    }

    static Class<?> defaultJavaType(DatabendTypeKind kind) {
        switch (kind) {
            case BOOLEAN:
                return Boolean.class;
            case INT8:
                return Byte.class;
            case INT16:
            case UINT8:
                return Short.class;
            case INT32:
            case UINT16:
                return Integer.class;
            case INT64:
            case UINT32:
                return Long.class;
            case UINT64:
                return BigInteger.class;
            case FLOAT32:
                return Float.class;
            case FLOAT64:
                return Double.class;
            case DECIMAL:
                return BigDecimal.class;
            case BINARY:
                return ByteBuffer.class;
            case DATE:
                return LocalDate.class;
            case TIMESTAMP:
                return LocalDateTime.class;
            case TIMESTAMP_TZ:
                return OffsetDateTime.class;
            case INTERVAL:
                return DatabendInterval.class;
            case ARRAY:
            case TUPLE:
                return List.class;
            case MAP:
                return Map.class;
            case VECTOR:
                return float[].class;
            case NULL:
            case NOTHING:
                return Object.class;
            default:
                return String.class;
        }
    }

    private String identifier() {
        int start = pos;
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
            while (identifierChar(pos)) {
                pos++;
            }
        }
        return text.substring(start, pos);
    }

    private boolean identifierChar(int index) {
        if (index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private int integer(String what) {
        skipWhitespace();
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        if (start == pos || pos - start > 9) {
            throw error(what + " expected");
        }
        return Integer.parseInt(text, start, pos, 10);
    }

    private void expect(char expected) {
        String problem = consume(expected);
        if (problem != null) {
            throw error(problem);
        }
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException("Malformed Databend type '" + text + "': " + reason + " (position " + pos + ")");
    }
}
