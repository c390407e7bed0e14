package com.databend.r2dbc.tck.server.sql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.databend.r2dbc.tck.server.render.DatabendType;

/**
 * The declared Databend type of every table column, remembered at CREATE TABLE time: DuckDB cannot tell a
 * {@code NOT NULL} column from a nullable one in a result, nor an {@code ARRAY(INT NULL)} from an
 * {@code ARRAY(INT)}.
 */
final class Catalog {

    /** One declared column. */
    record Column(String name, DatabendType type) {
    }

    static final String NUMBERS = "numbers";

    private static final List<Column> NUMBERS_COLUMNS =
        List.of(new Column("number", DatabendType.of(DatabendType.Kind.UINT64)));

    private final Map<String, List<Column>> tables = new ConcurrentHashMap<>();

    void put(String database, String table, List<Column> columns) {
        this.tables.put(key(database, table), List.copyOf(columns));
    }

    void putIfAbsent(String database, String table, List<Column> columns) {
        this.tables.putIfAbsent(key(database, table), List.copyOf(columns));
    }

    void remove(String database, String table) {
        this.tables.remove(key(database, table));
    }

    void removeDatabase(String database) {
        String prefix = database.toLowerCase(Locale.ROOT) + ".";
        this.tables.keySet().removeIf(key -> key.startsWith(prefix));
    }

    /** The columns of a table, or {@code null} when the catalog does not know it. */
    List<Column> columns(String database, String table) {
        return this.tables.get(key(database, table));
    }

    static List<Column> numbersColumns() {
        return NUMBERS_COLUMNS;
    }

    private static String key(String database, String table) {
        return database.toLowerCase(Locale.ROOT) + "." + table.toLowerCase(Locale.ROOT);
    }
}
