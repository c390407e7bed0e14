package com.databend.r2dbc.tck.server.sql;

import com.databend.r2dbc.tck.server.render.DatabendType;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * {@code INSERT INTO t [(cols)] VALUES} or {@code REPLACE INTO t [(cols)] ON [CONFLICT] (keys) VALUES} with a stage
 * attachment: the rows come from the staged CSV, TSV or NDJSON file(s), read as a stream and loaded in chunks
 * (databend-jdbc's batch inserts, streaming loads and {@code COPY INTO} work this way).
 */
final class StageInsert {

    private final Connection connection;

    private final Catalog catalog;

    private final StageStore stages;

    private final String sql;

    private final List<Token> tokens;

    private final ExecutionSettings settings;

    /** Whether the session is inside a transaction, which the load then joins. */
    private final boolean inTransaction;

    StageInsert(Connection connection, Catalog catalog, StageStore stages, String sql, List<Token> tokens,
                ExecutionSettings settings, boolean inTransaction) {
        this.connection = connection;
        this.catalog = catalog;
        this.stages = stages;
        this.sql = sql;
        this.tokens = tokens;
        this.settings = settings;
        this.inTransaction = inTransaction;
    }

    StatementExecution run(StageAttachment attachment) {
        int i = 0;
        boolean replace = i < this.tokens.size() && this.tokens.get(i).isWord("REPLACE");
        if (i < this.tokens.size() && (this.tokens.get(i).isWord("INSERT") || replace)) {
            i++;
        } else {
            throw new DatabendError(1006, "a stage attachment needs an INSERT INTO ... VALUES statement");
        }
        if (i < this.tokens.size() && this.tokens.get(i).isWord("INTO")) {
            i++;
        }
        if (i >= this.tokens.size() || !this.tokens.get(i).isIdentifier()) {
            throw SyntaxErrors.at(this.sql, i < this.tokens.size() ? this.tokens.get(i).start() : this.sql.length(),
                "expecting a table name");
        }
        String database = this.settings.database() == null ? "default" : this.settings.database().toLowerCase(Locale.ROOT);
        String table = this.tokens.get(i).identifierKey();
        i++;
        if (i + 1 < this.tokens.size() && this.tokens.get(i).isSymbol(".") && this.tokens.get(i + 1).isIdentifier()) {
            database = table;
            table = this.tokens.get(i + 1).identifierKey();
            i += 2;
        }
        database = this.settings.schemaOf(database, table);
        List<String> names = new ArrayList<>();
        if (i < this.tokens.size() && this.tokens.get(i).isSymbol("(")) {
            i++;
            while (i < this.tokens.size() && !this.tokens.get(i).isSymbol(")")) {
                Token token = this.tokens.get(i++);
                if (token.isIdentifier()) {
                    names.add(token.text());
                }
            }
            i++;
        }
        List<String> conflictNames = new ArrayList<>();
        if (replace) {
            conflictColumns(i, conflictNames);
        }
        try {
            List<Catalog.Column> tableColumns = DuckDbSession.columnsOf(this.connection, this.catalog, database, table);
            if (tableColumns.isEmpty()) {
                throw new DatabendError(1025, "Unknown table '" + table + "'");
            }
            List<Catalog.Column> targets = targets(tableColumns, names);
            long inserted = insert(attachment, database, table, targets, conflictKeys(targets, conflictNames));
            if (isTrue(option(attachment.copyOptions(), "purge"))) {
                this.stages.remove(attachment.location());
            }
            return FixedExecution.count("number of rows inserted", inserted);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, this.sql, null);
        }
    }

    /** Adds the names of {@code ON [CONFLICT] (k, …)}, the REPLACE's clause at token {@code i}, to {@code names}. */
    private void conflictColumns(int i, List<String> names) {
        int at = i;
        if (at < this.tokens.size() && this.tokens.get(at).isWord("ON")) {
            at++;
            if (at < this.tokens.size() && this.tokens.get(at).isWord("CONFLICT")) {
                at++;
            }
            if (at < this.tokens.size() && this.tokens.get(at).isSymbol("(")) {
                at++;
                while (at < this.tokens.size() && !this.tokens.get(at).isSymbol(")")) {
                    Token token = this.tokens.get(at++);
                    if (token.isIdentifier()) {
                        names.add(token.text());
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw SyntaxErrors.at(this.sql, at < this.tokens.size() ? this.tokens.get(at).start() : this.sql.length(),
                "expecting `ON`");
        }
    }

    /** The REPLACE's conflict keys among the loaded columns, as Databend requires them to be. */
    private static List<Catalog.Column> conflictKeys(List<Catalog.Column> targets, List<String> names) {
        List<Catalog.Column> keys = new ArrayList<>();
        for (String name : names) {
            Catalog.Column match = targets.stream().filter(column -> column.name().equalsIgnoreCase(name))
                .findFirst().orElseThrow(() -> new DatabendError(1006, "Unable to get field named \"" + name
                    + "\". Valid fields: " + targets.stream().map(Catalog.Column::name).toList()));
            keys.add(match);
        }
        return keys;
    }

    private static List<Catalog.Column> targets(List<Catalog.Column> tableColumns, List<String> names) {
        if (names.isEmpty()) {
            return tableColumns;
        }
        List<Catalog.Column> targets = new ArrayList<>();
        for (String name : names) {
            Catalog.Column match = null;
            for (Catalog.Column column : tableColumns) {
                if (column.name().equalsIgnoreCase(name)) {
                    match = column;
                }
            }
            if (match == null) {
                throw new DatabendError(1065, "column " + name + " doesn't exist");
            }
            targets.add(match);
        }
        return targets;
    }

    private long insert(StageAttachment attachment, String database, String table, List<Catalog.Column> targets,
                        List<Catalog.Column> conflictKeys) throws SQLException {
        List<StageStore.StagedFile> files = this.stages.files(attachment.location());
        if (files.isEmpty()) {
            throw new DatabendError(1006, "no file found at stage location " + attachment.location());
        }
        LoadFormat format = LoadFormat.of(attachment.fileFormatOptions(), attachment.copyOptions());
        if (this.inTransaction) {
            return insert(files, format, database, table, targets, conflictKeys);
        }
        // Databend writes all the rows of a load or none: its chunks go in one transaction of their own
        command("BEGIN TRANSACTION");
        try {
            long inserted = insert(files, format, database, table, targets, conflictKeys);
            command("COMMIT");
            return inserted;
        } catch (SQLException | RuntimeException e) {
            try {
                command("ROLLBACK");
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private long insert(List<StageStore.StagedFile> files, LoadFormat format, String database, String table,
                        List<Catalog.Column> targets, List<Catalog.Column> conflictKeys) throws SQLException {
        try (BulkLoader loader = new BulkLoader(this.connection, database, table, targets, conflictKeys,
            format.binaryFormat())) {
            for (StageStore.StagedFile file : files) {
                load(file, format, targets, loader);
            }
            return loader.finish();
        }
    }

    private void command(String sql) throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * The columns where an empty CSV field read as an empty string ({@code EMPTY_FIELD_AS} or
     * {@code QUOTED_EMPTY_FIELD_AS} = STRING) is NULL, as Databend reads it: the nullable ones of another type than a
     * string. None for other formats.
     */
    private static int[] emptyAsNullColumns(LoadFormat format, List<Catalog.Column> targets) {
        if (!format.type().equals("CSV")) {
            return new int[0];
        }
        return IntStream.range(0, targets.size()).filter(i -> {
            DatabendType type = targets.get(i).type();
            return type.nullable() && type.kind() != DatabendType.Kind.STRING;
        }).toArray();
    }

    private static void load(StageStore.StagedFile file, LoadFormat format, List<Catalog.Column> targets,
                             BulkLoader loader) throws SQLException {
        try (InputStream raw = file.content().open();
             Reader text = new InputStreamReader(format.gzip(file.name()) ? new GZIPInputStream(raw, 64 * 1024) : raw,
                 StandardCharsets.UTF_8)) {
            RecordSource records = format.type().equals("NDJSON")
                ? new NdjsonReader(text, targets.stream().map(Catalog.Column::name).toList())
                : new DelimitedReader(text, format);
            int[] emptyAsNull = emptyAsNullColumns(format, targets);
            int skipped = 0;
            List<String> fields;
            while ((fields = records.next()) != null) {
                if (skipped < format.skipHeader()) {
                    skipped++;
                    continue;
                }
                for (int column : emptyAsNull) {
                    if (column < fields.size() && "".equals(fields.get(column))) {
                        fields.set(column, null);
                    }
                }
                loader.add(file.name(), records.line(), fields);
            }
        } catch (IOException e) {
            throw new DatabendError(1046, "cannot read the staged file: " + e.getMessage(),
                "at file '" + file.name() + "'");
        }
    }

    private static String option(Map<String, String> options, String name) {
        for (Map.Entry<String, String> entry : options.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
