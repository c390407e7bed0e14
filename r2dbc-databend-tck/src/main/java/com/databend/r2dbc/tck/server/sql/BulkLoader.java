package com.databend.r2dbc.tck.server.sql;

import com.databend.r2dbc.tck.server.render.DatabendType;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads text records into a table in chunks, inside a transaction (the caller's): DuckDB's appender fills a temporary
 * all-VARCHAR table with the records and their line numbers, then one {@code INSERT ... SELECT CAST(...)} moves the
 * chunk to the table (a REPLACE first deletes the rows with the chunk's keys). Memory holds one chunk at most, in
 * DuckDB; a value that does not convert is reported with its file and line, as Databend does.
 */
final class BulkLoader implements AutoCloseable {

    private static final int CHUNK_ROWS = 100_000;

    private static final AtomicLong NAMES = new AtomicLong();

    private final Connection connection;

    private final String target;

    private final List<Catalog.Column> columns;

    private final List<String> casts = new ArrayList<>();

    private final List<String> duckTypes = new ArrayList<>();

    private final String staging;

    private final DuckDBAppender appender;

    private final String tableName;

    /** The indexes in {@code columns} of a REPLACE's conflict keys. */
    private final List<Integer> conflictKeys = new ArrayList<>();

    private String file;

    private int pending;

    private long loaded;

    /**
     * @param conflictKeys the ON (…) columns of a REPLACE, among {@code columns}; empty for an INSERT
     */
    BulkLoader(Connection connection, String database, String table, List<Catalog.Column> columns,
               List<Catalog.Column> conflictKeys, String binaryFormat) throws SQLException {
        this.connection = connection;
        this.tableName = ExpressionTranslator.quoteIdentifier(table);
        for (Catalog.Column key : conflictKeys) {
            this.conflictKeys.add(columns.indexOf(key));
        }
        this.columns = columns;
        this.target = ExpressionTranslator.quoteIdentifier(database) + "." + ExpressionTranslator.quoteIdentifier(table);
        this.staging = "_databend_load_" + NAMES.incrementAndGet();
        StringBuilder create = new StringBuilder("CREATE TEMP TABLE ").append(this.staging).append(" (line BIGINT");
        for (int c = 0; c < columns.size(); c++) {
            String type = duckType(database, table, columns.get(c).name());
            this.duckTypes.add(type);
            this.casts.add(cast("c" + c, columns.get(c).type(), type, binaryFormat));
            create.append(", c").append(c).append(" VARCHAR");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(create.append(')').toString());
            if (!this.conflictKeys.isEmpty()) {
                StringBuilder keys = new StringBuilder("CREATE TEMP TABLE ").append(this.staging).append("_keys (");
                for (int k = 0; k < this.conflictKeys.size(); k++) {
                    keys.append(k > 0 ? ", " : "").append('k').append(k).append(' ')
                        .append(this.duckTypes.get(this.conflictKeys.get(k)));
                }
                statement.execute(keys.append(')').toString());
            }
        }
        this.appender = connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", this.staging);
    }

    /** Adds one record of {@code file}; a record with another number of fields than columns fails. */
    void add(String file, int line, List<String> fields) throws SQLException {
        if (fields.size() != this.columns.size()) {
            throw new DatabendError(1046, "Number of columns in file (" + fields.size()
                + ") does not match that of the corresponding table (" + this.columns.size() + ")",
                "at file '" + file + "', line " + line);
        }
        if (!file.equals(this.file)) {
            flush();
            this.file = file;
        }
        this.appender.beginRow().append((long) line);
        for (String field : fields) {
            if (field == null) {
                this.appender.appendNull();
            } else {
                this.appender.append(field);
            }
        }
        this.appender.endRow();
        if (++this.pending == CHUNK_ROWS) {
            flush();
        }
    }

    /** Moves what is left to the table; returns the rows loaded in all. */
    long finish() throws SQLException {
        flush();
        return this.loaded;
    }

    private void flush() throws SQLException {
        if (this.pending == 0) {
            return;
        }
        this.appender.flush();
        // a failed statement aborts the transaction the load runs in, after which nothing more could be asked: the
        // first value that does not convert is looked for before the chunk is inserted
        DatabendError located = locate();
        if (located != null) {
            throw located;
        }
        if (!this.conflictKeys.isEmpty()) {
            rejectDuplicateKeys();
            deleteReplaced();
        }
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(this.target).append(" (");
        for (int c = 0; c < this.columns.size(); c++) {
            insert.append(c > 0 ? ", " : "").append(ExpressionTranslator.quoteIdentifier(this.columns.get(c).name()));
        }
        insert.append(") SELECT ").append(String.join(", ", this.casts)).append(" FROM ").append(this.staging)
            .append(" ORDER BY line");
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(insert.toString());
            if (!this.conflictKeys.isEmpty()) {
                statement.execute("INSERT INTO " + this.staging + "_keys SELECT " + String.join(", ", keyCasts())
                    + " FROM " + this.staging);
            }
            statement.execute("DELETE FROM " + this.staging);
        }
        this.loaded += this.pending;
        this.pending = 0;
    }

    /**
     * Databend refuses a REPLACE whose rows repeat a key (StorageOther, 4000), naming the first repeat: a key twice
     * in the chunk, or one of an earlier chunk of the load.
     */
    private void rejectDuplicateKeys() throws SQLException {
        List<String> keys = keyCasts();
        StringBuilder query = new StringBuilder("SELECT line FROM (SELECT line");
        for (int k = 0; k < keys.size(); k++) {
            query.append(", ").append(keys.get(k)).append(" AS k").append(k);
        }
        query.append(", row_number() OVER (PARTITION BY ").append(String.join(", ", keys))
            .append(" ORDER BY line) AS seen FROM ").append(this.staging).append(") AS chunk WHERE seen > 1 OR EXISTS ")
            .append("(SELECT 1 FROM ").append(this.staging).append("_keys AS loaded WHERE ");
        for (int k = 0; k < keys.size(); k++) {
            query.append(k > 0 ? " AND " : "").append("loaded.k").append(k).append(" = chunk.k").append(k);
        }
        query.append(") ORDER BY line LIMIT 1");
        long line;
        try (Statement statement = this.connection.createStatement();
             ResultSet row = statement.executeQuery(query.toString())) {
            if (!row.next()) {
                return;
            }
            line = row.getLong(1);
        }
        // DuckDB keeps one open result per connection: the values are read once the line's result is closed
        List<String> described = new ArrayList<>();
        try (Statement statement = this.connection.createStatement();
             ResultSet value = statement.executeQuery("SELECT " + String.join(", ", keys) + " FROM " + this.staging
                 + " WHERE line = " + line)) {
            value.next();
            for (int k = 0; k < this.conflictKeys.size(); k++) {
                String name = this.columns.get(this.conflictKeys.get(k)).name();
                described.add("\"" + name + "\":" + value.getString(k + 1));
            }
        }
        throw new DatabendError(4000, "duplicated data detected in the values being replaced into (only the first "
            + "one will be described): at row " + (line - 1) + ", [" + String.join(", ", described) + "]");
    }

    /** The conflict keys as read from the staging table. */
    private List<String> keyCasts() {
        List<String> keys = new ArrayList<>();
        for (int key : this.conflictKeys) {
            keys.add(this.casts.get(key));
        }
        return keys;
    }

    /** Deletes the table's rows whose keys the chunk's rows have. */
    private void deleteReplaced() throws SQLException {
        StringBuilder delete = new StringBuilder("DELETE FROM ").append(this.target)
            .append(" WHERE EXISTS (SELECT 1 FROM ").append(this.staging).append(" WHERE ");
        for (int k = 0; k < this.conflictKeys.size(); k++) {
            int key = this.conflictKeys.get(k);
            delete.append(k > 0 ? " AND " : "").append(this.tableName).append('.')
                .append(ExpressionTranslator.quoteIdentifier(this.columns.get(key).name())).append(" = ")
                .append(this.casts.get(key));
        }
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(delete.append(')').toString());
        }
    }

    /** The first value of the chunk that does not convert, as Databend reports it; {@code null} when none. */
    private DatabendError locate() throws SQLException {
        for (int c = 0; c < this.columns.size(); c++) {
            String column = "c" + c;
            String query = "SELECT line, " + column + " FROM " + this.staging + " WHERE " + column + " IS NOT NULL AND "
                + this.casts.get(c).replace("CAST(", "TRY_CAST(") + " IS NULL ORDER BY line LIMIT 1";
            try (Statement statement = this.connection.createStatement();
                 ResultSet row = statement.executeQuery(query)) {
                if (row.next()) {
                    Catalog.Column target = this.columns.get(c);
                    return new DatabendError(1046, "Invalid value '" + row.getString(2) + "' for column " + c + " ("
                        + target.name() + " " + target.type().display() + "): invalid text",
                        "at file '" + this.file + "', line " + row.getLong(1));
                }
            }
        }
        return null;
    }

    private String duckType(String database, String table, String column) throws SQLException {
        try (PreparedStatement statement = this.connection.prepareStatement("SELECT data_type FROM "
            + "information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
            statement.setString(1, database);
            statement.setString(2, table);
            statement.setString(3, column);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new DatabendError(1065, "column " + column + " doesn't exist");
                }
                return row.getString(1);
            }
        }
    }

    private static String cast(String column, DatabendType type, String duckType, String binaryFormat) {
        if (type.kind() == DatabendType.Kind.BINARY) {
            return "CAST(" + ("BASE64".equals(binaryFormat) ? "from_base64(" : "unhex(") + column + ") AS BLOB)";
        }
        return "CAST(" + column + " AS " + duckType + ")";
    }

    @Override
    public void close() throws SQLException {
        try {
            this.appender.close();
        } finally {
            try (Statement statement = this.connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS temp.main." + this.staging);
                statement.execute("DROP TABLE IF EXISTS temp.main." + this.staging + "_keys");
            }
        }
    }
}
