package com.databend.r2dbc.internal.codec;

import java.util.List;
import java.util.Objects;

/**
 * A parsed {@code schema[].type}, e.g. {@code Nullable(Array(Tuple(Int32 NULL, Map(String, Decimal(38, 10) NULL)) NULL))}
 * (grammar: docs/protocol.md §5.3). Immutable; {@link #parse(String)} rejects malformed text with an
 * {@link IllegalArgumentException} that names it.
 */
public final class DatabendType {

    private final String typeName;
    private final DatabendTypeKind kind;
    private final boolean nullable;
    private final int precision;
    private final int scale;
    private final List<DatabendType> arguments;

    DatabendType(String typeName, DatabendTypeKind kind, boolean nullable, int precision, int scale,
                 List<DatabendType> arguments) {
        this.typeName = Objects.requireNonNull(typeName, "typeName must not be null");
        this.kind = Objects.requireNonNull(kind, "kind must not be null");
        this.nullable = nullable;
        this.precision = precision;
        this.scale = scale;
        this.arguments = List.copyOf(arguments);
    }

    /**
     * Parses a type as the server writes it in {@code schema[].type}.
     *
     * @throws IllegalArgumentException naming the text when it is not a well-formed type
     */
    public static DatabendType parse(String typeText) {
        Objects.requireNonNull(typeText, "typeText must not be null");
        return TypeGrammar.parse(typeText);
    }

    /** The exact text this type was parsed from (for column metadata). */
    public String typeName() {
        return typeName;
    }

    /** The kind of the non-nullable type. */
    public DatabendTypeKind kind() {
        return kind;
    }

    /** Whether values may be SQL NULL: top-level {@code Nullable(...)}, a nested {@code " NULL"} suffix, or the NULL type. */
    public boolean nullable() {
        return nullable;
    }

    /** Decimal precision; the maximum number of digits for other numbers, the text width of dates and times, the dimension of a vector, else 0. */
    public int precision() {
        return precision;
    }

    /** Decimal scale; 6 for timestamps (microseconds); else 0. */
    public int scale() {
        return scale;
    }

    /** Array: [element]; Map: [key, value]; Tuple: the fields; otherwise empty. */
    public List<DatabendType> arguments() {
        return arguments;
    }

    /** The default Java type of {@code Row.get(i)} for this type (README.md, "Types"). */
    public Class<?> javaType() {
        return TypeGrammar.defaultJavaType(kind);
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
        return kind == that.kind && nullable == that.nullable && precision == that.precision && scale == that.scale
            && arguments.equals(that.arguments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, nullable, precision, scale, arguments);
    }

    @Override
    public String toString() {
        return typeName;
    }
}
