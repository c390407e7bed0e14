package com.databend.r2dbc.tck.server.sql;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.databend.r2dbc.tck.server.render.DatabendType;

/**
 * {@code INSERT INTO t [(cols)] VALUES} with a stage attachment: the rows come from the staged CSV/TSV file(s)
 * (databend-jdbc's batch inserts and bulk loads work this way).
 */
final class StageInsert {

    private static final int BATCH = 1000;

    private final Connection connection;

    private final Catalog catalog;

    private final StageStore stages;

    private final String sql;

    private final List<Token> tokens;

    private final ExecutionSettings settings;

    StageInsert(Connection connection, Catalog catalog, StageStore stages, String sql, List<Token> tokens,
                ExecutionSettings settings) {
        this.connection = connection;
        this.catalog = catalog;
        this.stages = stages;
        this.sql = sql;
        this.tokens = tokens;
        this.settings = settings;
    }

    StatementExecution run(StageAttachment attachment) {
        int i = 0;
        if (i < this.tokens.size() && (this.tokens.get(i).isWord("INSERT") || this.tokens.get(i).isWord("REPLACE"))) {
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
        List<String> names = new ArrayList<>();
        if (i < this.tokens.size() && this.tokens.get(i).isSymbol("(")) {
            i++;
            while (i < this.tokens.size() && !this.tokens.get(i).isSymbol(")")) {
                Token token = this.tokens.get(i++);
                if (token.isIdentifier()) {
                    names.add(token.text());
                }
            }
        }
        try {
            List<Catalog.Column> tableColumns = DuckDbSession.columnsOf(this.connection, this.catalog, database, table);
            if (tableColumns.isEmpty()) {
                throw new DatabendError(1025, "Unknown table '" + table + "'");
            }
            List<Catalog.Column> targets = targets(tableColumns, names);
            long inserted = insert(attachment, database, table, targets);
            if (isTrue(option(attachment.copyOptions(), "purge"))) {
                this.stages.remove(attachment.location());
            }
            return FixedExecution.count("number of rows inserted", inserted);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, this.sql, null);
        }
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

    private long insert(StageAttachment attachment, String database, String table, List<Catalog.Column> targets)
        throws SQLException {
        List<StageStore.StagedFile> files = this.stages.files(attachment.location());
        if (files.isEmpty()) {
            throw new DatabendError(1006, "no file found at stage location " + attachment.location());
        }
        Map<String, String> format = attachment.fileFormatOptions();
        String type = option(format, "type");
        char delimiter;
        if (type == null || type.equalsIgnoreCase("CSV")) {
            delimiter = firstChar(option(format, "field_delimiter"), ',');
        } else if (type.equalsIgnoreCase("TSV")) {
            delimiter = firstChar(option(format, "field_delimiter"), '\t');
        } else {
            throw new DatabendError(1002, "file format " + type + " is not supported by the embedded server");
        }
        String nullText = option(attachment.copyOptions(), "null_display");
        if (nullText == null) {
            nullText = option(format, "null_display");
        }
        if (nullText == null) {
            nullText = "\\N";
        }
        int skipHeader = parseInt(option(format, "skip_header"));
        String binaryFormat = option(format, "binary_format");
        StringBuilder insert = new StringBuilder("INSERT INTO ").append(ExpressionTranslator.quoteIdentifier(database))
            .append('.').append(ExpressionTranslator.quoteIdentifier(table)).append(" (");
        for (int c = 0; c < targets.size(); c++) {
            insert.append(c > 0 ? ", " : "").append(ExpressionTranslator.quoteIdentifier(targets.get(c).name()));
        }
        insert.append(") VALUES (").append("?, ".repeat(targets.size() - 1)).append("?)");
        long inserted = 0;
        try (PreparedStatement statement = this.connection.prepareStatement(insert.toString())) {
            int pending = 0;
            for (StageStore.StagedFile file : files) {
                String text = new String(file.content(), StandardCharsets.UTF_8);
                List<CsvRecords.Record> records = new CsvRecords(text, delimiter, nullText).readAll();
                for (int r = skipHeader; r < records.size(); r++) {
                    CsvRecords.Record record = records.get(r);
                    if (record.fields().size() != targets.size()) {
                        throw new DatabendError(1046, "Number of columns in file (" + record.fields().size()
                            + ") does not match that of the corresponding table (" + targets.size() + ")",
                            "at file '" + fileName(file.path()) + "', line " + record.line());
                    }
                    for (int c = 0; c < targets.size(); c++) {
                        bind(statement, c + 1, targets.get(c).type(), record.fields().get(c), binaryFormat);
                    }
                    statement.addBatch();
                    pending++;
                    inserted++;
                    if (pending == BATCH) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                statement.executeBatch();
            }
        }
        return inserted;
    }

    private static void bind(PreparedStatement statement, int index, DatabendType type, String value,
                             String binaryFormat) throws SQLException {
        if (value == null) {
            statement.setObject(index, null);
        } else if (type.kind() == DatabendType.Kind.BINARY) {
            statement.setBytes(index, "base64".equalsIgnoreCase(binaryFormat) ? Base64.getDecoder().decode(value)
                : HexFormat.of().parseHex(value));
        } else {
            statement.setString(index, value);
        }
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }

    private static String option(Map<String, String> options, String name) {
        for (Map.Entry<String, String> entry : options.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static char firstChar(String value, char fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        return value.equals("\\t") ? '\t' : value.charAt(0);
    }

    private static int parseInt(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DatabendError(1006, "invalid skip_header value " + value);
        }
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equalsIgnoreCase("true") || value.equals("1"));
    }
}
