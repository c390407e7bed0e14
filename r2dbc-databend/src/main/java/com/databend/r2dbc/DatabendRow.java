package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.codec.Codecs;
import com.databend.r2dbc.internal.codec.DecodeContext;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import org.jspecify.annotations.Nullable;

import java.util.NoSuchElementException;

import static java.util.Objects.requireNonNull;

/**
 * One row: the cell strings of the page and the result's metadata. A cell is decoded when asked, once for
 * its default Java type. The row is its own {@link Result.RowSegment}, which saves an object per row.
 */
final class DatabendRow implements Row, Result.RowSegment {

    private static final Object NOT_DECODED = new Object();

    private final @Nullable String[] cells;
    private final DatabendRowMetadata metadata;
    private final DecodeContext context;
    private @Nullable Object @Nullable [] decoded;

    DatabendRow(@Nullable String[] cells, DatabendRowMetadata metadata, DecodeContext context) {
        this.cells = requireNonNull(cells, "cells must not be null");
        this.metadata = requireNonNull(metadata, "metadata must not be null");
        this.context = requireNonNull(context, "context must not be null");
    }

    @Override
    public Row row() {
        return this;
    }

    @Override
    public DatabendRowMetadata getMetadata() {
        return metadata;
    }

    @Override
    public <T> @Nullable T get(int index, Class<T> type) {
        Assert.requireNonNull(type, "type must not be null");
        DatabendColumnMetadata column = metadata.column(index);
        @Nullable String cell = index < cells.length ? cells[index] : null;
        if (type == Object.class || type == column.getJavaType()) {
            return type.cast(decodeDefault(index, cell, column));
        }
        return Codecs.decode(cell, column.databendType(), type, context);
    }

    @Override
    public @Nullable Object get(int index) {
        DatabendColumnMetadata column = metadata.column(index);
        return decodeDefault(index, index < cells.length ? cells[index] : null, column);
    }

    @Override
    public <T> @Nullable T get(String name, Class<T> type) {
        Assert.requireNonNull(type, "type must not be null");
        return get(index(name), type);
    }

    @Override
    public @Nullable Object get(String name) {
        return get(index(name));
    }

    private @Nullable Object decodeDefault(int index, @Nullable String cell, DatabendColumnMetadata column) {
        if (cell == null) {
            return null;
        }
        if (decoded == null) {
            decoded = new Object[metadata.size()];
            java.util.Arrays.fill(decoded, NOT_DECODED);
        }
        Object value = decoded[index];
        if (value == NOT_DECODED) {
            value = Codecs.decode(cell, column.databendType(), context);
            decoded[index] = value;
        }
        return value;
    }

    private int index(String name) {
        Assert.requireNonNull(name, "name must not be null");
        int index = metadata.indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("No column named " + name + " in " + metadata);
        }
        return index;
    }

    @Override
    public String toString() {
        return "DatabendRow{columns=" + metadata.size() + '}';
    }
}
