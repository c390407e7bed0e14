package com.databend.r2dbc.tck.server.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.databend.r2dbc.tck.server.render.CellRenderer;
import com.databend.r2dbc.tck.server.render.DatabendType;

/**
 * A query read row by row from DuckDB's streaming result: nothing is materialised beyond the engine's own chunk.
 * The statement is prepared (its schema known) when the execution is created and runs at the first
 * {@link #nextRow()}, so {@link #cancel()} from another thread can stop it while it computes.
 */
final class StreamingExecution implements StatementExecution {

    private final PreparedStatement statement;

    private final List<SchemaField> schema;

    private final DatabendType[] types;

    private final CellRenderer renderer;

    private final Function<SQLException, DatabendError> errors;

    private final Object lock = new Object();

    private ResultSet resultSet;

    private volatile boolean canceled;

    private volatile boolean closed;

    private volatile boolean running;

    private volatile boolean exhausted;

    private volatile long rows;

    StreamingExecution(PreparedStatement statement, List<ResultTyper.ResultColumn> columns, CellRenderer renderer,
                       Function<SQLException, DatabendError> errors) {
        this.statement = statement;
        this.renderer = renderer;
        this.errors = errors;
        List<SchemaField> fields = new ArrayList<>(columns.size());
        this.types = new DatabendType[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            fields.add(new SchemaField(columns.get(i).name(), columns.get(i).type().wrappedDisplay()));
            this.types[i] = columns.get(i).type();
        }
        this.schema = List.copyOf(fields);
    }

    @Override
    public boolean hasResultSet() {
        return true;
    }

    @Override
    public List<SchemaField> schema() {
        return this.schema;
    }

    @Override
    public String[] nextRow() {
        synchronized (this.lock) {
            if (this.exhausted || this.closed) {
                return null;
            }
            if (this.canceled) {
                throw canceled();
            }
            this.running = true;
            try {
                if (this.resultSet == null) {
                    this.statement.execute();
                    this.resultSet = this.statement.getResultSet();
                }
                if (!this.resultSet.next()) {
                    this.exhausted = true;
                    return null;
                }
                String[] row = new String[this.types.length];
                for (int i = 0; i < this.types.length; i++) {
                    row[i] = this.renderer.render(this.types[i], this.resultSet.getObject(i + 1));
                }
                this.rows++;
                return row;
            } catch (SQLException e) {
                this.exhausted = true;
                if (this.canceled) {
                    throw canceled();
                }
                release();
                throw this.errors.apply(e);
            } finally {
                this.running = false;
            }
        }
    }

    private static DatabendError canceled() {
        return new DatabendError(1043, "canceled by client");
    }

    @Override
    public long writtenRows() {
        return 0;
    }

    @Override
    public long scannedRows() {
        return this.rows;
    }

    @Override
    public void cancel() {
        if (this.canceled || this.closed || this.exhausted) {
            this.canceled = true;
            return;
        }
        this.canceled = true;
        interruptIfRunning();
    }

    private void interruptIfRunning() {
        // DuckDB's interrupt is meant for a running statement; the flag alone stops a streaming read between rows
        if (this.running) {
            try {
                this.statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // the statement finished meanwhile
            }
        }
    }

    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        interruptIfRunning();
        synchronized (this.lock) {
            release();
        }
    }

    private void release() {
        try {
            if (this.resultSet != null) {
                this.resultSet.close();
            }
        } catch (SQLException | RuntimeException ignored) {
            // closing is best effort
        }
        try {
            this.statement.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing is best effort
        }
    }
}
