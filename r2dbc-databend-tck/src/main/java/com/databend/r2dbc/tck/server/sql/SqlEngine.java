package com.databend.r2dbc.tck.server.sql;

/**
 * The in-process SQL engine behind every node of a server: one shared database.
 */
public interface SqlEngine extends AutoCloseable {

    EngineSession openSession();

    boolean databaseExists(String name);

    /** The staged files ({@code /v1/upload_to_stage} writes here, INSERTs with a stage attachment read here). */
    default StageStore stages() {
        throw new DatabendError(1002, "stages are not supported by this engine");
    }

    /** Tells the engine the URL of the server's first node, where its presigned URLs point. */
    default void servedAt(String baseUrl) {
    }

    @Override
    void close();
}
