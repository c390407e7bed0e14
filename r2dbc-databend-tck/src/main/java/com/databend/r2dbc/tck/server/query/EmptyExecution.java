package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

import java.util.List;

/** The result of a statement answered without rows ({@code USE}, {@code SET}, {@code BEGIN}, …). */
final class EmptyExecution implements StatementExecution {

    static final EmptyExecution INSTANCE = new EmptyExecution();

    @Override
    public boolean hasResultSet() {
        return false;
    }

    @Override
    public List<SchemaField> schema() {
        return List.of();
    }

    @Override
    public String[] nextRow() {
        return null;
    }

    @Override
    public long writtenRows() {
        return 0;
    }

    @Override
    public long scannedRows() {
        return 0;
    }

    @Override
    public void cancel() {
    }

    @Override
    public void close() {
    }
}
