package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.DatabendType;
import io.r2dbc.spi.ColumnMetadata;
import io.r2dbc.spi.Nullability;
import io.r2dbc.spi.Type;
import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNull;

/** One {@code schema[]} column: its name and parsed Databend type. */
final class DatabendColumnMetadata implements ColumnMetadata {

    private final String name;
    private final DatabendType type;
    private final Type spiType;

    DatabendColumnMetadata(String name, DatabendType type) {
        this.name = requireNonNull(name, "name must not be null");
        this.type = requireNonNull(type, "type must not be null");
        this.spiType = new ColumnType(type);
    }

    DatabendType databendType() {
        return type;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Type getType() {
        return spiType;
    }

    @Override
    public Class<?> getJavaType() {
        return type.javaType();
    }

    /** The Databend type text, e.g. {@code Nullable(Decimal(10, 2))}. */
    @Override
    public String getNativeTypeMetadata() {
        return type.typeName();
    }

    @Override
    public Nullability getNullability() {
        return type.nullable() ? Nullability.NULLABLE : Nullability.NON_NULL;
    }

    @Override
    public @Nullable Integer getPrecision() {
        return type.precision();
    }

    @Override
    public @Nullable Integer getScale() {
        return type.scale();
    }

    @Override
    public String toString() {
        return "DatabendColumnMetadata{name=" + name + ", type=" + type.typeName() + '}';
    }

    private record ColumnType(DatabendType type) implements Type {

        @Override
        public Class<?> getJavaType() {
            return type.javaType();
        }

        @Override
        public String getName() {
            return type.typeName();
        }
    }
}
