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
 * @param tempSchemaPrefix   how the engine schemas that hold the client session's temp tables begin, one schema per
 *                           database ({@link #tempSchema(String)}); {@code null} without a client session
 * @param tempTables         the client session's temp tables, as {@code database.table} in lower case
 */
public record ExecutionSettings(String user, String database, ZoneId timezone, String binaryOutputFormat,
                                String serverVersion, String tempSchemaPrefix, Set<String> tempTables) {

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

    /**
     * The engine schema that holds a client session's temp tables of {@code database}: a temp table belongs to a
     * database, as any table, so {@code d1.t} and {@code d2.t} are two tables (docs/protocol.md §6.5).
     *
     * @param sessionPrefix the client session's {@link #tempSchemaPrefix}
     */
    public static String tempSchema(String sessionPrefix, String database) {
        return sessionPrefix + database.toLowerCase(Locale.ROOT);
    }

    /** The engine schema that holds the client session's temp tables of {@code database}. */
    String tempSchema(String database) {
        return tempSchema(this.tempSchemaPrefix, database);
    }

    /** Whether {@code schema} holds temp tables of the client session. */
    boolean isTempSchema(String schema) {
        return this.tempSchemaPrefix != null && schema.startsWith(this.tempSchemaPrefix);
    }

    /** Whether {@code database.table} names one of the client session's temp tables. */
    boolean isTempTable(String database, String table) {
        return this.tempSchemaPrefix != null && this.tempTables.contains(database.toLowerCase(Locale.ROOT) + "."
            + table.toLowerCase(Locale.ROOT));
    }

    /** Whether the client session holds temp tables in {@code database}. */
    boolean holdsTempTablesIn(String database) {
        String prefix = database.toLowerCase(Locale.ROOT) + ".";
        return this.tempSchemaPrefix != null && this.tempTables.stream().anyMatch(name -> name.startsWith(prefix));
    }

    /**
     * The engine schema {@code database.table} is read from: the client session's temp schema of {@code database}
     * when it names one of its temp tables, which hides a table of the same name in {@code database}
     * (docs/protocol.md §6.5), else the database's own.
     */
    String schemaOf(String database, String table) {
        return isTempTable(database, table) ? tempSchema(database) : database;
    }
}
