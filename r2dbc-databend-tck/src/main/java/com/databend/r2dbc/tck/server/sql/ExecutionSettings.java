package com.databend.r2dbc.tck.server.sql;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;

/**
 * What a statement needs to know of the session it runs in.
 *
 * @param user               the authenticated user ({@code current_user()})
 * @param database           the current database ({@code database()}, unqualified table names)
 * @param timezone           the zone timestamps are rendered in
 * @param binaryOutputFormat {@code HEX}, {@code BASE64}, {@code UTF-8} or {@code UTF-8-LOSSY}
 * @param serverVersion      the version {@code version()} reports
 * @param tempSchema         the engine schema that holds the client session's temp tables, {@code null} without a
 *                           client session
 * @param tempTables         the client session's temp tables, as {@code database.table} in lower case
 */
public record ExecutionSettings(String user, String database, ZoneId timezone, String binaryOutputFormat,
                                String serverVersion, String tempSchema, Set<String> tempTables) {

    /** How the engine schemas that hold temp tables begin; {@code SHOW DATABASES} leaves them out. */
    public static final String TEMP_SCHEMA_PREFIX = "_temp_tables_";

    public ExecutionSettings {
        tempTables = tempTables == null ? Set.of() : Set.copyOf(tempTables);
    }

    /** Settings of a session without temp tables. */
    public ExecutionSettings(String user, String database, ZoneId timezone, String binaryOutputFormat,
                             String serverVersion) {
        this(user, database, timezone, binaryOutputFormat, serverVersion, null, Set.of());
    }

    /** Whether {@code database.table} names one of the client session's temp tables. */
    boolean isTempTable(String database, String table) {
        return this.tempSchema != null && this.tempTables.contains(database.toLowerCase(Locale.ROOT) + "."
            + table.toLowerCase(Locale.ROOT));
    }

    /**
     * The engine schema {@code database.table} is read from: the client session's temp schema when it names one of
     * its temp tables, which hides a table of the same name in {@code database} (docs/protocol.md §6.5), else the
     * database's own.
     */
    String schemaOf(String database, String table) {
        return isTempTable(database, table) ? this.tempSchema : database;
    }
}
