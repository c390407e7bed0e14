package com.databend.r2dbc.tck.server.sql;

import java.util.Iterator;
import java.util.List;

/** A statement whose answer is already known: DDL (no result set), a DML count row, SHOW output. */
public final class FixedExecution implements StatementExecution {

    private final boolean hasResultSet;

    private final List<SchemaField> schema;

    private final Iterator<String[]> rows;

    private final long writtenRows;

    private long readRows;

    private FixedExecution(boolean hasResultSet, List<SchemaField> schema, List<String[]> rows, long writtenRows) {
        this.hasResultSet = hasResultSet;
        this.schema = List.copyOf(schema);
        this.rows = List.copyOf(rows).iterator();
        this.writtenRows = writtenRows;
    }

    static FixedExecution noResultSet() {
        return new FixedExecution(false, List.of(), List.of(), 0);
    }

    public static FixedExecution rows(List<SchemaField> schema, List<String[]> rows) {
        return new FixedExecution(true, schema, rows, 0);
    }

    /** Rows that report a write of {@code writtenRows} rows (COPY INTO). */
    static FixedExecution rows(List<SchemaField> schema, List<String[]> rows, long writtenRows) {
        return new FixedExecution(true, schema, rows, writtenRows);
    }

    static FixedExecution count(String label, long count) {
        return new FixedExecution(true, List.of(new SchemaField(label, "UInt64")),
            List.<String[]>of(new String[]{Long.toString(count)}), count);
    }

    @Override
    public boolean hasResultSet() {
        return this.hasResultSet;
    }

    @Override
    public List<SchemaField> schema() {
        return this.schema;
    }

    @Override
    public synchronized String[] nextRow() {
        if (!this.rows.hasNext()) {
            return null;
        }
        this.readRows++;
        return this.rows.next();
    }

    @Override
    public long writtenRows() {
        return this.writtenRows;
    }

    @Override
    public synchronized long scannedRows() {
        // a DML statement reads the rows it writes; databend-jdbc 0.2.8 takes scan_progress.rows as the update count
        return this.writtenRows > 0 ? this.writtenRows : this.readRows;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }
}
