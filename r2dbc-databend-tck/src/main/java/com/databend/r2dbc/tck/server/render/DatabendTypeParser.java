package com.databend.r2dbc.tck.server.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Reads a Databend type name as written in DDL and casts ({@code INT UNSIGNED}, {@code ARRAY(INT NULL)},
 * {@code TUPLE(a INT, b STRING)}, {@code DECIMAL(10,2)}) or as printed in a schema ({@code Nullable(Int32)}).
 */
public final class DatabendTypeParser {

    private final String text;

    private int position;

    private DatabendTypeParser(String text, int position) {
        this.text = text;
        this.position = position;
    }

    /** The result of reading one type: the type and the index just after it. */
    public record Parsed(DatabendType type, int end) {
    }

    /** Parses the whole text; a top-level {@code NULL} / {@code NOT NULL} suffix sets the nullability. */
    public static DatabendType parse(String text) {
        requireNonNull(text, "text must not be null");
        Parsed parsed = parsePrefix(text, 0);
        DatabendTypeParser rest = new DatabendTypeParser(text, parsed.end());
        DatabendType type = rest.nullabilitySuffix(parsed.type());
        rest.skipSpaces();
        if (rest.position != text.length()) {
            throw new IllegalArgumentException("unexpected text after type: " + text.substring(rest.position));
        }
        return type;
    }

    /**
     * Reads one type starting at {@code start}, without a top-level {@code NULL}/{@code NOT NULL} suffix (the
     * caller decides what the column-level suffix means). Nested suffixes are read.
     */
    public static Parsed parsePrefix(String text, int start) {
        DatabendTypeParser parser = new DatabendTypeParser(requireNonNull(text, "text must not be null"), start);
        DatabendType type = parser.type();
        return new Parsed(type, parser.position);
    }

    private DatabendType type() {
        String word = word();
        if (word.isEmpty()) {
            throw error("a type name");
        }
        String name = word.toUpperCase(Locale.ROOT);
        switch (name) {
            case "NULLABLE": {
                expect('(');
                DatabendType inner = nested();
                expect(')');
                return inner.withNullable(true);
            }
            case "ARRAY": {
                expect('(');
                if (peekWord("NOTHING")) {
                    word();
                    expect(')');
                    return DatabendType.of(DatabendType.Kind.EMPTY_ARRAY);
                }
                DatabendType element = nested();
                expect(')');
                return DatabendType.array(element);
            }
            case "MAP": {
                expect('(');
                if (peekWord("NOTHING")) {
                    word();
                    expect(')');
                    return DatabendType.of(DatabendType.Kind.EMPTY_MAP);
                }
                DatabendType key = nested();
                expect(',');
                DatabendType value = nested();
                expect(')');
                return DatabendType.map(key, value);
            }
            case "TUPLE":
                return tuple();
            case "DECIMAL":
            case "NUMERIC": {
                int precision = 18;
                int scale = 3;
                if (tryConsume('(')) {
                    precision = number();
                    scale = tryConsume(',') ? number() : 0;
                    if (tryConsume(',')) {
                        throw error("')'");
                    }
                    expect(')');
                }
                if (precision > 76) {
                    throw new IllegalArgumentException("Decimal precision must be between 1 and 76, got " + precision);
                }
                return DatabendType.decimal(precision, scale);
            }
            case "VARCHAR":
            case "STRING":
            case "TEXT":
            case "CHAR":
            case "CHARACTER":
            case "NVARCHAR":
            case "TINYTEXT":
            case "MEDIUMTEXT":
            case "LONGTEXT":
                if (name.equals("CHARACTER") && peekWord("VARYING")) {
                    word();
                }
                skipLength();
                return DatabendType.of(DatabendType.Kind.STRING);
            case "TINYINT":
            case "INT8":
                return integer(DatabendType.Kind.INT8, DatabendType.Kind.UINT8);
            case "SMALLINT":
            case "INT16":
                return integer(DatabendType.Kind.INT16, DatabendType.Kind.UINT16);
            case "INT":
            case "INTEGER":
            case "INT32":
            case "SIGNED":
            case "MEDIUMINT":
                return integer(DatabendType.Kind.INT32, DatabendType.Kind.UINT32);
            case "BIGINT":
            case "INT64":
                return integer(DatabendType.Kind.INT64, DatabendType.Kind.UINT64);
            case "UINT8":
                return DatabendType.of(DatabendType.Kind.UINT8);
            case "UINT16":
                return DatabendType.of(DatabendType.Kind.UINT16);
            case "UINT32":
            case "UNSIGNED":
                return DatabendType.of(DatabendType.Kind.UINT32);
            case "UINT64":
                return DatabendType.of(DatabendType.Kind.UINT64);
            case "FLOAT":
            case "FLOAT32":
            case "REAL":
                skipLength();
                return DatabendType.of(DatabendType.Kind.FLOAT32);
            case "DOUBLE":
                if (peekWord("PRECISION")) {
                    word();
                }
                return DatabendType.of(DatabendType.Kind.FLOAT64);
            case "FLOAT64":
                return DatabendType.of(DatabendType.Kind.FLOAT64);
            case "BOOLEAN":
            case "BOOL":
                return DatabendType.of(DatabendType.Kind.BOOLEAN);
            case "DATE":
                return DatabendType.of(DatabendType.Kind.DATE);
            case "TIMESTAMP":
            case "DATETIME":
                skipLength();
                return DatabendType.of(DatabendType.Kind.TIMESTAMP);
            case "BINARY":
            case "VARBINARY":
            case "BLOB":
            case "LONGBLOB":
            case "MEDIUMBLOB":
            case "TINYBLOB":
                skipLength();
                return DatabendType.of(DatabendType.Kind.BINARY);
            case "VARIANT":
            case "JSON":
                return DatabendType.of(DatabendType.Kind.VARIANT);
            case "INTERVAL":
                return DatabendType.of(DatabendType.Kind.INTERVAL);
            case "NULL":
                return DatabendType.of(DatabendType.Kind.NULL);
            default:
                throw new IllegalArgumentException("unknown type name " + word);
        }
    }

    private DatabendType tuple() {
        expect('(');
        List<DatabendType> fields = new ArrayList<>();
        List<String> names = new ArrayList<>();
        do {
            int mark = this.position;
            String first = word();
            skipSpaces();
            boolean named = !first.isEmpty() && this.position < this.text.length()
                && Character.isLetter(this.text.charAt(this.position)) && !isSuffixKeyword();
            if (named) {
                names.add(first);
            } else {
                this.position = mark;
            }
            fields.add(nested());
        } while (tryConsume(','));
        expect(')');
        if (!names.isEmpty() && names.size() != fields.size()) {
            throw new IllegalArgumentException("either all tuple fields are named or none");
        }
        return DatabendType.tuple(fields, names);
    }

    private boolean isSuffixKeyword() {
        return peekWord("NULL") || peekWord("NOT") || peekWord("UNSIGNED") || peekWord("PRECISION")
            || peekWord("VARYING");
    }

    private DatabendType nested() {
        return nullabilitySuffix(type());
    }

    private DatabendType nullabilitySuffix(DatabendType type) {
        if (peekWord("NULL")) {
            word();
            return type.withNullable(true);
        }
        if (peekWord("NOT")) {
            int mark = this.position;
            word();
            if (peekWord("NULL")) {
                word();
                return type.withNullable(false);
            }
            this.position = mark;
        }
        return type;
    }

    private DatabendType integer(DatabendType.Kind signed, DatabendType.Kind unsigned) {
        skipLength();
        if (peekWord("UNSIGNED")) {
            word();
            return DatabendType.of(unsigned);
        }
        if (peekWord("SIGNED")) {
            word();
        }
        return DatabendType.of(signed);
    }

    private void skipLength() {
        int mark = this.position;
        if (tryConsume('(')) {
            skipSpaces();
            if (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
                number();
                expect(')');
            } else {
                this.position = mark;
            }
        }
    }

    private int number() {
        skipSpaces();
        int start = this.position;
        while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
            this.position++;
        }
        if (start == this.position) {
            throw error("a number");
        }
        return Integer.parseInt(this.text.substring(start, this.position));
    }

    private String word() {
        skipSpaces();
        int start = this.position;
        while (this.position < this.text.length()
            && (Character.isLetterOrDigit(this.text.charAt(this.position)) || this.text.charAt(this.position) == '_')) {
            this.position++;
        }
        return this.text.substring(start, this.position);
    }

    private boolean peekWord(String expected) {
        int mark = this.position;
        String next = word();
        this.position = mark;
        return next.equalsIgnoreCase(expected);
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
            throw error("'" + expected + "'");
        }
    }

    private void skipSpaces() {
        while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
            this.position++;
        }
    }

    private IllegalArgumentException error(String expected) {
        String found = this.position < this.text.length() ? this.text.substring(this.position) : "end of text";
        return new IllegalArgumentException("expected " + expected + " in type, found: " + found);
    }
}
