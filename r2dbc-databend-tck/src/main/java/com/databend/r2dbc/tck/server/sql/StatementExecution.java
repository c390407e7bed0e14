package com.databend.r2dbc.tck.server.sql;

import java.util.List;

/**
 * One running statement, read row by row on a worker thread (never on an event loop).
 */
public interface StatementExecution extends AutoCloseable {

    /** {@code true} for queries and DML (which answer with a count row), {@code false} for DDL. */
    boolean hasResultSet();

    /** The result's columns in Databend's type grammar; empty when {@link #hasResultSet()} is false. */
    List<SchemaField> schema();

    /**
     * The next row, each cell rendered as Databend renders it in display mode ({@code null} is SQL NULL),
     * or {@code null} when there are no more rows.
     */
    String[] nextRow();

    /** Rows written by the statement, for {@code stats.write_progress.rows}. */
    long writtenRows();

    /** Rows read by the statement so far, for {@code stats.scan_progress.rows}. */
    long scannedRows();

    /** Asks the engine to stop the statement; safe from any thread, any number of times. */
    void cancel();

    /** Releases the statement's engine resources; safe to call more than once. */
    @Override
    void close();
}
