package com.databend.r2dbc.internal.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cursor parser of nested values (Array, Map, Tuple, Vector; docs/protocol.md §5.2 and §5.4), directed by the column
 * type: bare {@code NULL}, bare numbers and booleans, strings quoted with {@code "} (current servers) or
 * {@code '} (old servers, backslash escapes), raw JSON for Variant and GeoJSON, unquoted Binary.
 *
 * <p>Current servers escape only {@code "} inside nested strings, so a {@code \"} followed by a delimiter is
 * ambiguous: a quote inside the string, or the end of a string whose last character is a backslash. The value
 * is read first taking every such {@code \"} as an escaped quote, then taking every one as an end, then (when
 * there are at most {@value #MAX_AMBIGUOUS} of them) every other combination; the first reading that parses
 * the whole value wins.
 */
final class NestedValueReader extends TextCursor {

    private static final int MAX_AMBIGUOUS = 10;
    private static final Object FAILED = new Object();

    private final DecodeContext context;
    private final int[] ambiguous;
    private final long closeMask;
    private boolean readingKey;
    private DatabendType root;

    private NestedValueReader(String text, DecodeContext context, int[] ambiguous, long closeMask) {
        super(text);
        this.context = context;
        this.ambiguous = ambiguous;
        this.closeMask = closeMask;
    }

    static Object read(String text, DatabendType type, DecodeContext context) {
        int[] ambiguous = text.indexOf('\\') < 0 ? new int[0] : ambiguousQuotes(text);
        try {
            return new NestedValueReader(text, context, ambiguous, 0L).readWhole(type);
        } catch (IllegalArgumentException first) {
            if (ambiguous.length == 0) {
                throw first;
            }
            long allClose = ambiguous.length >= 63 ? -1L : (1L << ambiguous.length) - 1;
            Object value = attempt(text, type, context, ambiguous, allClose);
            for (long mask = 1; value == FAILED && ambiguous.length <= MAX_AMBIGUOUS && mask < allClose; mask++) {
                value = attempt(text, type, context, ambiguous, mask);
            }
            if (value == FAILED) {
                throw first;
            }
            return value;
        }
    }

    private static Object attempt(String text, DatabendType type, DecodeContext context, int[] ambiguous, long mask) {
        try {
            return new NestedValueReader(text, context, ambiguous, mask).readWhole(type);
        } catch (IllegalArgumentException e) {
            return FAILED;
        }
    }

    /** Positions of the backslashes of {@code \"} followed by a delimiter, in ascending order. */
    private static int[] ambiguousQuotes(String text) {
        int[] positions = new int[8];
        int count = 0;
        for (int i = text.indexOf("\\\""); i >= 0; i = text.indexOf("\\\"", i + 1)) {
            int next = i + 2;
            while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
                next++;
            }
            if (next == text.length() || ",])}:".indexOf(text.charAt(next)) >= 0) {
                if (count == positions.length) {
                    positions = Arrays.copyOf(positions, count * 2);
                }
                positions[count++] = i;
            }
        }
        return Arrays.copyOf(positions, count);
    }

    private boolean closesHere(int backslash) {
        int index = Arrays.binarySearch(ambiguous, backslash);
        return index >= 0 && index < 63 && (closeMask & (1L << index)) != 0;
    }

    private Object readWhole(DatabendType type) {
        root = type;
        skipWhitespace();
        Object value = readContainer(type);
        skipWhitespace();
        if (pos != text.length()) {
            throw error(type, "unexpected '" + text.charAt(pos) + "'");
        }
        return value;
    }

    private Object readContainer(DatabendType type) {
        switch (type.kind()) {
            case ARRAY:
                return readArray(type);
            case MAP:
                return readMap(type);
            case TUPLE:
                return readTuple(type);
            case VECTOR:
                return readVector(type);
            default:
                throw new IllegalStateException("Not a nested type: " + type);
        }
    }

    private Object readValue(DatabendType type) {
        skipWhitespace();
        if (atNullToken()) {
            pos += 4;
            return null;
        }
        switch (type.kind()) {
            case ARRAY:
            case MAP:
            case TUPLE:
            case VECTOR:
                return readContainer(type);
            case VARIANT:
                return readRawJson(type);
            case GEOMETRY:
            case GEOGRAPHY:
                return peek() == '{' ? readRawJson(type) : readScalarText(type);
            default:
                String scalar = readScalarText(type);
                try {
                    return Codecs.decodeValue(scalar, type, context);
                } catch (IllegalArgumentException e) {
                    throw error(type, e.getMessage());
                }
        }
    }

    private List<Object> readArray(DatabendType type) {
        expect('[', type);
        DatabendType element = type.arguments().get(0);
        List<Object> values = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return values;
        }
        while (true) {
            values.add(readValue(element));
            if (separatorOrEnd(']', type)) {
                return values;
            }
        }
    }

    private Map<Object, Object> readMap(DatabendType type) {
        expect('{', type);
        DatabendType keyType = type.arguments().get(0);
        DatabendType valueType = type.arguments().get(1);
        Map<Object, Object> values = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return values;
        }
        while (true) {
            readingKey = true;
            Object key = readValue(keyType);
            readingKey = false;
            expect(':', type);
            values.put(key, readValue(valueType));
            if (separatorOrEnd('}', type)) {
                return values;
            }
        }
    }

    private List<Object> readTuple(DatabendType type) {
        expect('(', type);
        List<DatabendType> fields = type.arguments();
        List<Object> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            values.add(readValue(fields.get(i)));
            skipWhitespace();
            char next = peek();
            if (next == ',') {
                pos++;
                skipWhitespace();
                if (i == fields.size() - 1 && peek() == ')') {
                    pos++;
                    return values;
                }
            } else if (next == ')' && i == fields.size() - 1) {
                pos++;
                return values;
            } else {
                throw error(type, i == fields.size() - 1 ? "')' expected" : "',' expected");
            }
        }
        throw error(type, "more fields than the type has");
    }

    private float[] readVector(DatabendType type) {
        expect('[', type);
        float[] values = new float[Math.max(type.precision(), 4)];
        int count = 0;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new float[0];
        }
        while (true) {
            String number = readBare(type);
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            try {
                values[count++] = FloatDecoder.decodeFloat(number);
            } catch (IllegalArgumentException e) {
                throw error(type, e.getMessage());
            }
            if (separatorOrEnd(']', type)) {
                return count == values.length ? values : Arrays.copyOf(values, count);
            }
        }
    }

    /** After an element: true at the closing bracket, false after a comma; anything else is an error. */
    private boolean separatorOrEnd(char close, DatabendType type) {
        skipWhitespace();
        char next = peek();
        if (next == ',') {
            pos++;
            return false;
        }
        if (next == close) {
            pos++;
            return true;
        }
        throw error(type, next == 0 ? "'" + close + "' expected" : "',' or '" + close + "' expected at '" + next + "'");
    }

    private String readScalarText(DatabendType type) {
        char first = peek();
        if (first == '"' || first == '\'') {
            return readQuoted(first, type);
        }
        if (type.kind() == DatabendTypeKind.STRING) {
            // Servers always quote nested strings; a bare one means the quotes were misread.
            throw error(type, "quoted string expected");
        }
        return readBare(type);
    }

    private String readBare(DatabendType type) {
        skipWhitespace();
        int start = pos;
        while (pos < text.length() && !isDelimiter(text.charAt(pos))) {
            pos++;
        }
        int end = pos;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end == start && type.kind() != DatabendTypeKind.BINARY) {
            throw error(type, "value expected");
        }
        return text.substring(start, end);
    }

    private String readQuoted(char quote, DatabendType type) {
        int start = ++pos;
        StringBuilder unescaped = null;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                if (quote == '\'' && pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                    unescaped = append(unescaped, start).append('\'');
                    pos += 2;
                    continue;
                }
                String value = unescaped == null ? text.substring(start, pos) : unescaped.toString();
                pos++;
                return value;
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (quote == '"') {
                    if (next == '"' && !closesHere(pos)) {
                        unescaped = append(unescaped, start).append('"');
                        pos += 2;
                        continue;
                    }
                } else {
                    unescaped = append(unescaped, start).append(singleQuotedEscape(next));
                    pos += 2;
                    continue;
                }
            }
            if (unescaped != null) {
                unescaped.append(c);
            }
            pos++;
        }
        throw error(type, "unterminated string");
    }

    private StringBuilder append(StringBuilder unescaped, int start) {
        if (unescaped != null) {
            return unescaped;
        }
        return new StringBuilder(pos - start + 16).append(text, start, pos);
    }

    /** Escapes of old servers' single-quoted nested strings (as bendsql reads them). */
    private static String singleQuotedEscape(char next) {
        switch (next) {
            case 'n':
                return "\n";
            case 't':
                return "\t";
            case 'r':
                return "\r";
            case '0':
                return "\0";
            case '\'':
            case '\\':
            case '"':
                return String.valueOf(next);
            default:
                return "\\" + next;
        }
    }

    private boolean delimiterFollows(int index) {
        int i = index;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i == text.length() || isDelimiter(text.charAt(i));
    }

    /** A JSON value as raw text: a string with JSON escapes, a balanced object or array, or a scalar. */
    private String readRawJson(DatabendType type) {
        skipWhitespace();
        int start = pos;
        char first = peek();
        if (first == '"') {
            skipJsonString(type);
        } else if (first == '{' || first == '[') {
            int depth = 0;
            do {
                if (pos >= text.length()) {
                    throw error(type, "unterminated JSON value");
                }
                char c = text.charAt(pos);
                if (c == '"') {
                    skipJsonString(type);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                pos++;
            } while (depth > 0);
        } else {
            return readBare(type);
        }
        return text.substring(start, pos);
    }

    private void skipJsonString(DatabendType type) {
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            pos++;
            if (c == '"') {
                return;
            }
        }
        throw error(type, "unterminated JSON string");
    }

    private boolean atNullToken() {
        return text.startsWith("NULL", pos) && delimiterFollows(pos + 4);
    }

    private boolean isDelimiter(char c) {
        return c == ',' || c == ']' || c == ')' || c == '}' || (readingKey && c == ':');
    }

    private void expect(char expected, DatabendType type) {
        String problem = consume(expected);
        if (problem != null) {
            throw error(type, problem);
        }
    }

    private IllegalArgumentException error(DatabendType type, String reason) {
        String where = type == root ? "" : " in " + type.typeName();
        return new IllegalArgumentException("Malformed " + root.typeName() + " value '" + text + "': " + reason
            + where + " (position " + pos + ")");
    }
}
