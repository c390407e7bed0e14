package com.databend.r2dbc.tck.server.sql;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements on an engine session the way the HTTP layer does, collecting schema and rows. Registered with
 * {@code @RegisterExtension} on a test's field, it closes the session and the engine after the test.
 */
final class EngineFixture implements AutoCloseable, AfterEachCallback {

    static final String SERVER_VERSION = "1.2.934-nightly";

    final DuckDbEngine engine = new DuckDbEngine();

    final EngineSession session = this.engine.openSession();

    record Result(boolean hasResultSet, List<SchemaField> schema, List<List<String>> rows, long writtenRows) {

        List<String> types() {
            return this.schema.stream().map(SchemaField::type).toList();
        }

        List<String> names() {
            return this.schema.stream().map(SchemaField::name).toList();
        }

        List<String> firstRow() {
            return this.rows.get(0);
        }
    }

    static ExecutionSettings settings(String database) {
        return settings(database, ZoneOffset.UTC, "HEX");
    }

    static ExecutionSettings settings(String database, ZoneId zone, String binaryFormat) {
        return new ExecutionSettings("root", database, zone, binaryFormat, SERVER_VERSION);
    }

    Result run(String sql) {
        return run(this.session, sql, null, settings("default"));
    }

    Result run(String sql, Object params) {
        return run(this.session, sql, params, settings("default"));
    }

    Result run(String sql, ExecutionSettings settings) {
        return run(this.session, sql, null, settings);
    }

    static Result run(EngineSession session, String sql, Object params, ExecutionSettings settings) {
        try (StatementExecution execution = session.execute(sql, params, settings)) {
            List<List<String>> rows = new ArrayList<>();
            String[] row;
            while ((row = execution.nextRow()) != null) {
                rows.add(java.util.Arrays.asList(row));
            }
            return new Result(execution.hasResultSet(), execution.schema(), rows, execution.writtenRows());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        this.session.close();
        this.engine.close();
    }
}
