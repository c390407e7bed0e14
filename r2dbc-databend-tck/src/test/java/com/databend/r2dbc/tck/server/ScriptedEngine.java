package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.DuckDbEngine;
import com.databend.r2dbc.tck.server.sql.EngineSession;
import com.databend.r2dbc.tck.server.sql.ExecutionSettings;
import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.databend.r2dbc.tck.server.sql.SqlEngine;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A test double around {@link DuckDbEngine}: statements registered with {@link #script} are answered by the test,
 * everything else by DuckDB. It counts open engine sessions, so tests can see that none leaks.
 */
final class ScriptedEngine implements SqlEngine {

    private final DuckDbEngine delegate = new DuckDbEngine();

    private final Map<String, Supplier<StatementExecution>> scripts = new ConcurrentHashMap<>();

    private final AtomicInteger openSessions = new AtomicInteger();

    ScriptedEngine script(String sql, Supplier<StatementExecution> execution) {
        this.scripts.put(sql, execution);
        return this;
    }

    int openSessions() {
        return this.openSessions.get();
    }

    @Override
    public EngineSession openSession() {
        EngineSession inner = this.delegate.openSession();
        this.openSessions.incrementAndGet();
        return new EngineSession() {
            private boolean closed;

            @Override
            public StatementExecution execute(String sql, Object params, ExecutionSettings settings) {
                Supplier<StatementExecution> scripted = ScriptedEngine.this.scripts.get(sql);
                return scripted != null ? scripted.get() : inner.execute(sql, params, settings);
            }

            @Override
            public void begin() {
                inner.begin();
            }

            @Override
            public void commit() {
                inner.commit();
            }

            @Override
            public void rollback() {
                inner.rollback();
            }

            @Override
            public synchronized void close() {
                if (!this.closed) {
                    this.closed = true;
                    ScriptedEngine.this.openSessions.decrementAndGet();
                }
                inner.close();
            }
        };
    }

    @Override
    public boolean databaseExists(String name) {
        return this.delegate.databaseExists(name);
    }

    @Override
    public void close() {
        this.delegate.close();
    }

    /** A statement that fails with {@code error} when it starts. */
    static Supplier<StatementExecution> failing(DatabendError error) {
        return () -> {
            throw error;
        };
    }

    /** A statement whose rows never end until it is cancelled; {@link #cancelled} tells whether it was. */
    static final class EndlessExecution implements StatementExecution {

        private final CountDownLatch cancelled = new CountDownLatch(1);

        private final AtomicInteger closed = new AtomicInteger();

        private long next;

        @Override
        public boolean hasResultSet() {
            return true;
        }

        @Override
        public List<SchemaField> schema() {
            return List.of(new SchemaField("n", "UInt64"));
        }

        /** Rows come slowly (one per 5 ms) so that a long result stays Running. */
        @Override
        public String[] nextRow() {
            try {
                if (this.cancelled.await(5, TimeUnit.MILLISECONDS)) {
                    throw new DatabendError(1043, "cancelled in engine");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DatabendError(1043, "interrupted");
            }
            return new String[] {Long.toString(this.next++)};
        }

        @Override
        public long writtenRows() {
            return 0;
        }

        @Override
        public long scannedRows() {
            return this.next;
        }

        @Override
        public void cancel() {
            this.cancelled.countDown();
        }

        boolean cancelled() {
            return this.cancelled.getCount() == 0;
        }

        boolean closed() {
            return this.closed.get() > 0;
        }

        @Override
        public void close() {
            this.closed.incrementAndGet();
        }
    }
}
