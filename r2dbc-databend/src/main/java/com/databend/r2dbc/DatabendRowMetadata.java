package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import io.r2dbc.spi.RowMetadata;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/** The columns of a result; names are looked up case-insensitively. Shared by all rows of the result. */
final class DatabendRowMetadata implements RowMetadata {

    private final List<DatabendColumnMetadata> columns;
    /** The columns again, for {@link #column(int)}: each value read looks its column up. */
    private final DatabendColumnMetadata[] byIndex;
    private final Map<String, Integer> indexByName;

    DatabendRowMetadata(List<DatabendColumnMetadata> columns) {
        this.columns = Collections.unmodifiableList(requireNonNull(columns, "columns must not be null"));
        this.byIndex = columns.toArray(new DatabendColumnMetadata[0]);
        // case-insensitive without lower-casing the name of every get(name) call; the first column wins
        Map<String, Integer> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < columns.size(); i++) {
            byName.putIfAbsent(columns.get(i).getName(), i);
        }
        this.indexByName = byName;
    }

    int size() {
        return byIndex.length;
    }

    DatabendColumnMetadata column(int index) {
        if (index < 0 || index >= byIndex.length) {
            throw new IndexOutOfBoundsException("Column index " + index + " is out of range (0.."
                    + (byIndex.length - 1) + ")");
        }
        return byIndex[index];
    }

    /** The index of {@code name}, case-insensitive, or -1. */
    int indexOf(String name) {
        requireNonNull(name, "name must not be null");
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    @Override
    public DatabendColumnMetadata getColumnMetadata(int index) {
        return column(index);
    }

    @Override
    public DatabendColumnMetadata getColumnMetadata(String name) {
        Assert.requireNonNull(name, "name must not be null");
        int index = indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("No column named " + name + " in " + names());
        }
        return columns.get(index);
    }

    @Override
    public List<DatabendColumnMetadata> getColumnMetadatas() {
        return columns;
    }

    @Override
    public boolean contains(String columnName) {
        return columnName != null && indexOf(columnName) >= 0;
    }

    private List<String> names() {
        return columns.stream().map(DatabendColumnMetadata::getName).toList();
    }

    @Override
    public String toString() {
        return "DatabendRowMetadata" + names();
    }
}
