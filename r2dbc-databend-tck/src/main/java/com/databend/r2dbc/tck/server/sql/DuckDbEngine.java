package com.databend.r2dbc.tck.server.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

import static java.util.Objects.requireNonNull;

/**
 * The Databend-compatible SQL engine on an in-process, in-memory DuckDB database. Databend databases are DuckDB
 * schemas ({@code default} exists from the start); every session is a duplicate connection of the same database.
 */
public final class DuckDbEngine implements SqlEngine {

    private final DuckDBConnection root;

    private final Catalog catalog = new Catalog();

    private final StageStore stages = new StageStore();

    public DuckDbEngine() {
        Properties properties = new Properties();
        // results stream chunk by chunk instead of being materialised before the first row
        properties.setProperty("jdbc_stream_results", "true");
        try {
            this.root = (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:", properties);
            try (Statement statement = this.root.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS \"default\"");
                statement.execute("CREATE MACRO main.numbers(n) AS TABLE "
                    + "SELECT range::UBIGINT AS number FROM range(CAST(n AS BIGINT))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the in-memory DuckDB database", e);
        }
    }

    @Override
    public EngineSession openSession() {
        try {
            Connection connection = this.root.duplicate();
            return new DuckDbSession(connection, this.catalog, this.stages);
        } catch (SQLException e) {
            throw new DatabendError(1001, "cannot open an engine session: " + e.getMessage());
        }
    }

    @Override
    public boolean databaseExists(String name) {
        requireNonNull(name, "name must not be null");
        return DuckDbSession.schemaExists(this.root, name);
    }

    @Override
    public StageStore stages() {
        return this.stages;
    }

    @Override
    public void servedAt(String baseUrl) {
        this.stages.presigned().serveAt(baseUrl);
    }

    @Override
    public void close() {
        try {
            this.root.close();
        } catch (SQLException ignored) {
            // closing an in-memory database cannot lose anything
        }
    }
}
