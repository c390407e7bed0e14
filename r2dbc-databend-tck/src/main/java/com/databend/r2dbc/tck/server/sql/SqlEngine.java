package com.databend.r2dbc.tck.server.sql;

/**
 * The in-process SQL engine behind every node of a server: one shared database.
 */
public interface SqlEngine extends AutoCloseable {

    EngineSession openSession();

    boolean databaseExists(String name);

    @Override
    void close();
}
