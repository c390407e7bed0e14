package com.databend.r2dbc.tck.server.render;

import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * A Databend data type with its nullability, printed in Databend's grammar (docs/protocol.md §5.3) and stored in a
 * DuckDB column type.
 */
public final class DatabendType {

    /** Every type family the embedded server knows. */
    public enum Kind {
        NULL, BOOLEAN, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64, DECIMAL, STRING,
        BINARY, DATE, TIMESTAMP, INTERVAL, VARIANT, ARRAY, MAP, TUPLE, EMPTY_ARRAY, EMPTY_MAP
    }

    private final Kind kind;

    private final boolean nullable;

    private final int precision;

    private final int scale;

    private final List<DatabendType> children;

    private final List<String> fieldNames;

    private DatabendType(Kind kind, boolean nullable, int precision, int scale, List<DatabendType> children,
                         List<String> fieldNames) {
        this.kind = requireNonNull(kind, "kind must not be null");
        this.nullable = nullable && kind != Kind.NULL;
        this.precision = precision;
        this.scale = scale;
        this.children = List.copyOf(children);
        this.fieldNames = List.copyOf(fieldNames);
    }

    public static DatabendType of(Kind kind) {
        if (kind == Kind.DECIMAL || kind == Kind.ARRAY || kind == Kind.MAP || kind == Kind.TUPLE) {
            throw new IllegalArgumentException("kind " + kind + " needs parameters");
        }
        return new DatabendType(kind, false, 0, 0, List.of(), List.of());
    }

    public static DatabendType decimal(int precision, int scale) {
        if (precision < 1 || precision > 76 || scale < 0 || scale > precision) {
            throw new IllegalArgumentException("invalid decimal precision/scale: " + precision + ", " + scale);
        }
        return new DatabendType(Kind.DECIMAL, false, precision, scale, List.of(), List.of());
    }

    public static DatabendType array(DatabendType element) {
        return new DatabendType(Kind.ARRAY, false, 0, 0, List.of(requireNonNull(element, "element must not be null")),
            List.of());
    }

    public static DatabendType map(DatabendType key, DatabendType value) {
        return new DatabendType(Kind.MAP, false, 0, 0, List.of(requireNonNull(key, "key must not be null"),
            requireNonNull(value, "value must not be null")), List.of());
    }

    /** A tuple; {@code names} empty for an unnamed tuple, else one name per field. */
    public static DatabendType tuple(List<DatabendType> fields, List<String> names) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a tuple needs at least one field");
        }
        if (!names.isEmpty() && names.size() != fields.size()) {
            throw new IllegalArgumentException("tuple field names and types differ in number");
        }
        return new DatabendType(Kind.TUPLE, false, 0, 0, fields, names);
    }

    public DatabendType withNullable(boolean nullable) {
        return nullable == this.nullable ? this
            : new DatabendType(this.kind, nullable, this.precision, this.scale, this.children, this.fieldNames);
    }

    public Kind kind() {
        return this.kind;
    }

    public boolean nullable() {
        return this.nullable;
    }

    public int precision() {
        return this.precision;
    }

    public int scale() {
        return this.scale;
    }

    public List<DatabendType> children() {
        return this.children;
    }

    public List<String> fieldNames() {
        return this.fieldNames;
    }

    /** The {@code schema[].type} text: {@code Nullable(...)} at the top, ` NULL` suffixes inside. */
    public String wrappedDisplay() {
        return this.nullable ? "Nullable(" + baseDisplay() + ")" : baseDisplay();
    }

    /** The nested form, e.g. {@code Int32 NULL}. */
    public String display() {
        return this.nullable ? baseDisplay() + " NULL" : baseDisplay();
    }

    private String baseDisplay() {
        switch (this.kind) {
            case NULL:
                return "NULL";
            case BOOLEAN:
                return "Boolean";
            case INT8:
                return "Int8";
            case INT16:
                return "Int16";
            case INT32:
                return "Int32";
            case INT64:
                return "Int64";
            case UINT8:
                return "UInt8";
            case UINT16:
                return "UInt16";
            case UINT32:
                return "UInt32";
            case UINT64:
                return "UInt64";
            case FLOAT32:
                return "Float32";
            case FLOAT64:
                return "Float64";
            case DECIMAL:
                return "Decimal(" + this.precision + ", " + this.scale + ")";
            case STRING:
                return "String";
            case BINARY:
                return "Binary";
            case DATE:
                return "Date";
            case TIMESTAMP:
                return "Timestamp";
            case INTERVAL:
                return "Interval";
            case VARIANT:
                return "Variant";
            case EMPTY_ARRAY:
                return "Array(Nothing)";
            case EMPTY_MAP:
                return "Map(Nothing)";
            case ARRAY:
                return "Array(" + this.children.get(0).display() + ")";
            case MAP:
                return "Map(" + this.children.get(0).display() + ", " + this.children.get(1).display() + ")";
            case TUPLE:
                StringBuilder text = new StringBuilder("Tuple(");
                for (int i = 0; i < this.children.size(); i++) {
                    if (i > 0) {
                        text.append(", ");
                    }
                    text.append(this.children.get(i).display());
                }
                return text.append(this.children.size() == 1 ? ",)" : ")").toString();
            default:
                throw new IllegalStateException("unhandled kind " + this.kind);
        }
    }

    /** The DuckDB column type that stores values of this type. */
    public String duckDbType() {
        switch (this.kind) {
            case NULL:
                return "INTEGER";
            case BOOLEAN:
                return "BOOLEAN";
            case INT8:
                return "TINYINT";
            case INT16:
                return "SMALLINT";
            case INT32:
                return "INTEGER";
            case INT64:
                return "BIGINT";
            case UINT8:
                return "UTINYINT";
            case UINT16:
                return "USMALLINT";
            case UINT32:
                return "UINTEGER";
            case UINT64:
                return "UBIGINT";
            case FLOAT32:
                return "FLOAT";
            case FLOAT64:
                return "DOUBLE";
            case DECIMAL:
                return "DECIMAL(" + this.precision + "," + this.scale + ")";
            case STRING:
                return "VARCHAR";
            case BINARY:
                return "BLOB";
            case DATE:
                return "DATE";
            case TIMESTAMP:
                return "TIMESTAMP WITH TIME ZONE";
            case INTERVAL:
                return "INTERVAL";
            case VARIANT:
                return "JSON";
            case EMPTY_ARRAY:
                return "INTEGER[]";
            case EMPTY_MAP:
                return "MAP(VARCHAR, VARCHAR)";
            case ARRAY:
                return this.children.get(0).duckDbType() + "[]";
            case MAP:
                return "MAP(" + this.children.get(0).duckDbType() + ", " + this.children.get(1).duckDbType() + ")";
            case TUPLE:
                StringBuilder text = new StringBuilder("STRUCT(");
                for (int i = 0; i < this.children.size(); i++) {
                    if (i > 0) {
                        text.append(", ");
                    }
                    String name = this.fieldNames.isEmpty() ? String.valueOf(i + 1) : this.fieldNames.get(i);
                    text.append('"').append(name.replace("\"", "\"\"")).append("\" ")
                        .append(this.children.get(i).duckDbType());
                }
                return text.append(')').toString();
            default:
                throw new IllegalStateException("unhandled kind " + this.kind);
        }
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DatabendType)) {
            return false;
        }
        DatabendType that = (DatabendType) other;
        return this.kind == that.kind && this.nullable == that.nullable && this.precision == that.precision
            && this.scale == that.scale && this.children.equals(that.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.kind, this.nullable, this.precision, this.scale, this.children);
    }

    @Override
    public String toString() {
        return wrappedDisplay();
    }
}
