package com.databend.r2dbc.tck.server.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.databend.r2dbc.tck.server.render.CellRenderer;
import com.databend.r2dbc.tck.server.render.DatabendType;

/**
 * A query read row by row from DuckDB's streaming result: nothing is materialised beyond the engine's own chunk.
 */
final class StreamingExecution implements StatementExecution {

    private final Statement statement;

    private final ResultSet resultSet;

    private final List<SchemaField> schema;

    private final DatabendType[] types;

    private final CellRenderer renderer;

    private final String sql;

    private final DuckDbSqlWriter writer;

    private volatile boolean canceled;

    private volatile boolean closed;

    private volatile long rows;

    private volatile boolean reading;

    private volatile boolean exhausted;

    private final Object lock = new Object();

    StreamingExecution(Statement statement, ResultSet resultSet, List<ResultTyper.ResultColumn> columns,
                       CellRenderer renderer, String sql, DuckDbSqlWriter writer) {
        this.statement = statement;
        this.resultSet = resultSet;
        this.renderer = renderer;
        this.sql = sql;
        this.writer = writer;
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
            this.reading = true;
            try {
                return readRow();
            } finally {
                this.reading = false;
            }
        }
    }

    private String[] readRow() {
        if (this.exhausted) {
            return null;
        }
        if (this.canceled) {
            throw new DatabendError(1043, "canceled by client");
        }
        if (this.closed) {
            return null;
        }
        try {
            if (this.exhausted || !this.resultSet.next()) {
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
            if (this.canceled) {
                throw new DatabendError(1043, "canceled by client");
            }
            throw DuckDbErrors.translate(e, this.sql, this.writer);
        }
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
        try {
            this.statement.cancel();
        } catch (SQLException | RuntimeException ignored) {
            // the statement may already be finished or closed; nothing is left to stop then
        }
    }

    @Override
    public void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        // a row being read on another thread is stopped first, then its resources are released under the lock
        if (!this.canceled && this.reading) {
            try {
                this.statement.cancel();
            } catch (SQLException | RuntimeException ignored) {
                // nothing is running
            }
        }
        synchronized (this.lock) {
            release();
        }
    }

    private void release() {
        try {
            this.resultSet.close();
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
