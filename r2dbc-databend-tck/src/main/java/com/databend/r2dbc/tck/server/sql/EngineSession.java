package com.databend.r2dbc.tck.server.sql;

/**
 * An engine connection: held for one statement in auto-commit mode, or for a whole transaction.
 */
public interface EngineSession extends AutoCloseable {

    /**
     * Starts a statement.
     *
     * @param sql      one Databend SQL statement (a trailing {@code ;} allowed)
     * @param params   {@code null}, a {@code List<Object>} for {@code ?} markers or a {@code Map<String, Object>} for
     *                 {@code :name} markers; values are {@code String}, {@code Boolean}, {@code Long},
     *                 {@code java.math.BigDecimal}, {@code Double} or {@code null}, as read from the request's JSON
     * @param settings the session's view
     * @throws DatabendError with Databend's code when the statement cannot start
     */
    StatementExecution execute(String sql, Object params, ExecutionSettings settings);

    /**
     * Starts a statement with the request's {@code stage_attachment} (docs/protocol.md §2.4): an
     * {@code INSERT INTO t [(cols)] VALUES} whose rows come from the staged files.
     *
     * @param attachment {@code null} when the request had none (then this is {@link #execute(String, Object,
     *                   ExecutionSettings)})
     */
    default StatementExecution execute(String sql, Object params, StageAttachment attachment,
                                       ExecutionSettings settings) {
        if (attachment == null) {
            return execute(sql, params, settings);
        }
        throw new DatabendError(1002, "stage attachments are not supported by this engine");
    }

    void begin();

    void commit();

    void rollback();

    @Override
    void close();
}
