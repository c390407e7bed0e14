package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.codec.Codecs;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import org.jspecify.annotations.Nullable;

import java.util.NoSuchElementException;

import static java.util.Objects.requireNonNull;

/**
 * One row of a page: its index among the page's cells, which stay in the received body until read. A cell is
 * decoded when asked, once for its default Java type; a cell never asked for is never decoded. The row is its own
 * {@link Result.RowSegment}, which saves an object per row.
 */
final class DatabendRow implements Row, Result.RowSegment {

    /** A decoded SQL NULL in {@link #decoded}, where {@code null} means not decoded yet. */
    private static final Object NULL = new Object();

    private final RowsOfPage page;
    private final int row;
    private @Nullable Object @Nullable [] decoded;

    DatabendRow(RowsOfPage page, int row) {
        this.page = requireNonNull(page, "page must not be null");
        this.row = row;
    }

    @Override
    public Row row() {
        return this;
    }

    @Override
    public DatabendRowMetadata getMetadata() {
        return page.metadata();
    }

    @Override
    public <T> @Nullable T get(int index, Class<T> type) {
        Assert.requireNonNull(type, "type must not be null");
        DatabendColumnMetadata column = page.metadata().column(index);
        if (type == Object.class || type == column.getJavaType()) {
            return type.cast(decodeDefault(index, column));
        }
        return Codecs.decode(page.cells().text(row, index), column.databendType(), type, page.context());
    }

    @Override
    public @Nullable Object get(int index) {
        return decodeDefault(index, page.metadata().column(index));
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

    private @Nullable Object decodeDefault(int index, DatabendColumnMetadata column) {
        if (decoded == null) {
            decoded = new Object[page.metadata().size()];
        }
        Object value = decoded[index];
        if (value == null) {
            value = page.cells().decode(row, index, column.databendType(), page.context());
            decoded[index] = value == null ? NULL : value;
        }
        return value == NULL ? null : value;
    }

    private int index(String name) {
        Assert.requireNonNull(name, "name must not be null");
        int index = page.metadata().indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("No column named " + name + " in " + page.metadata());
        }
        return index;
    }

    @Override
    public String toString() {
        return "DatabendRow{columns=" + page.metadata().size() + '}';
    }
}
