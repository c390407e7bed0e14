package com.databend.r2dbc.tck.server.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Derives the Databend type of a computed result column from the type name DuckDB reports
 * ({@code INTEGER[]}, {@code MAP(VARCHAR, INTEGER)}, {@code STRUCT("1" INTEGER, "2" VARCHAR)}, ...).
 * Values inside nested types are taken as non-nullable, nullability of the column is the caller's choice.
 */
public final class DuckDbTypeMapper {

    private final String text;

    private int position;

    private DuckDbTypeMapper(String text) {
        this.text = text;
    }

    public static DatabendType toDatabend(String duckDbTypeName) {
        DuckDbTypeMapper mapper = new DuckDbTypeMapper(requireNonNull(duckDbTypeName, "duckDbTypeName must not be null").trim());
        DatabendType type = mapper.type();
        return type;
    }

    private DatabendType type() {
        DatabendType base = base();
        while (this.position < this.text.length() && this.text.charAt(this.position) == '[') {
            int close = this.text.indexOf(']', this.position);
            this.position = close + 1;
            base = base.kind() == DatabendType.Kind.NULL ? DatabendType.of(DatabendType.Kind.EMPTY_ARRAY)
                : DatabendType.array(base);
        }
        return base;
    }

    private DatabendType base() {
        skipSpaces();
        String name = name();
        String upper = name.toUpperCase(Locale.ROOT);
        switch (upper) {
            case "STRUCT":
            case "TUPLE":
                return struct(upper.equals("TUPLE"));
            case "MAP": {
                expect('(');
                DatabendType key = type();
                expect(',');
                DatabendType value = type();
                expect(')');
                if (key.kind() == DatabendType.Kind.NULL) {
                    return DatabendType.of(DatabendType.Kind.EMPTY_MAP);
                }
                return DatabendType.map(key, value);
            }
            case "DECIMAL": {
                expect('(');
                int precision = number();
                expect(',');
                int scale = number();
                expect(')');
                return DatabendType.decimal(precision, scale);
            }
            case "TIMESTAMP":
                if (peek("WITH TIME ZONE")) {
                    this.position += " WITH TIME ZONE".length();
                }
                return DatabendType.of(DatabendType.Kind.TIMESTAMP);
            case "TIME":
                if (peek("WITH TIME ZONE")) {
                    this.position += " WITH TIME ZONE".length();
                }
                return DatabendType.of(DatabendType.Kind.STRING);
            default:
                return simple(upper);
        }
    }

    private static DatabendType simple(String upper) {
        switch (upper) {
            case "NULL":
                return DatabendType.of(DatabendType.Kind.NULL);
            case "BOOLEAN":
                return DatabendType.of(DatabendType.Kind.BOOLEAN);
            case "TINYINT":
                return DatabendType.of(DatabendType.Kind.INT8);
            case "SMALLINT":
                return DatabendType.of(DatabendType.Kind.INT16);
            case "INTEGER":
                return DatabendType.of(DatabendType.Kind.INT32);
            case "BIGINT":
                return DatabendType.of(DatabendType.Kind.INT64);
            case "HUGEINT":
                // DuckDB sums integers into HUGEINT where Databend answers Int64
                return DatabendType.of(DatabendType.Kind.INT64);
            case "UTINYINT":
                return DatabendType.of(DatabendType.Kind.UINT8);
            case "USMALLINT":
                return DatabendType.of(DatabendType.Kind.UINT16);
            case "UINTEGER":
                return DatabendType.of(DatabendType.Kind.UINT32);
            case "UBIGINT":
                return DatabendType.of(DatabendType.Kind.UINT64);
            case "UHUGEINT":
                return DatabendType.decimal(39, 0);
            case "FLOAT":
                return DatabendType.of(DatabendType.Kind.FLOAT32);
            case "DOUBLE":
                return DatabendType.of(DatabendType.Kind.FLOAT64);
            case "BLOB":
            case "BIT":
                return DatabendType.of(DatabendType.Kind.BINARY);
            case "DATE":
                return DatabendType.of(DatabendType.Kind.DATE);
            case "TIMESTAMP_S":
            case "TIMESTAMP_MS":
            case "TIMESTAMP_NS":
                return DatabendType.of(DatabendType.Kind.TIMESTAMP);
            case "INTERVAL":
                return DatabendType.of(DatabendType.Kind.INTERVAL);
            case "JSON":
                return DatabendType.of(DatabendType.Kind.VARIANT);
            default:
                return DatabendType.of(DatabendType.Kind.STRING);
        }
    }

    private DatabendType struct(boolean unnamed) {
        expect('(');
        List<DatabendType> fields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        do {
            skipSpaces();
            if (!unnamed) {
                names.add(fieldName());
            }
            fields.add(type());
        } while (tryConsume(','));
        expect(')');
        boolean positional = true;
        for (int i = 0; i < names.size(); i++) {
            positional &= names.get(i).equals(String.valueOf(i + 1));
        }
        return DatabendType.tuple(fields, positional ? List.of() : names);
    }

    private String fieldName() {
        skipSpaces();
        if (this.position < this.text.length() && this.text.charAt(this.position) == '"') {
            StringBuilder name = new StringBuilder();
            this.position++;
            while (this.position < this.text.length()) {
                char c = this.text.charAt(this.position++);
                if (c == '"') {
                    if (this.position < this.text.length() && this.text.charAt(this.position) == '"') {
                        name.append('"');
                        this.position++;
                        continue;
                    }
                    break;
                }
                name.append(c);
            }
            return name.toString();
        }
        return name();
    }

    private String name() {
        skipSpaces();
        if (this.position < this.text.length() && this.text.charAt(this.position) == '"') {
            return fieldName();
        }
        int start = this.position;
        while (this.position < this.text.length()
            && (Character.isLetterOrDigit(this.text.charAt(this.position)) || this.text.charAt(this.position) == '_')) {
            this.position++;
        }
        return this.text.substring(start, this.position);
    }

    private boolean peek(String words) {
        return this.text.regionMatches(true, this.position, " " + words, 0, words.length() + 1);
    }

    private int number() {
        skipSpaces();
        int start = this.position;
        while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
            this.position++;
        }
        return Integer.parseInt(this.text.substring(start, this.position));
    }

    private boolean tryConsume(char expected) {
        skipSpaces();
        if (this.position < this.text.length() && this.text.charAt(this.position) == expected) {
            this.position++;
            return true;
        }
        return false;
    }

    private void expect(char expected) {
        if (!tryConsume(expected)) {
            throw new IllegalArgumentException("unexpected DuckDB type name " + this.text);
        }
    }

    private void skipSpaces() {
        while (this.position < this.text.length() && this.text.charAt(this.position) == ' ') {
            this.position++;
        }
    }
}
