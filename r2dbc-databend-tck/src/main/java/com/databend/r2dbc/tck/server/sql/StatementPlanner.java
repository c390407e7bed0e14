package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.databend.r2dbc.tck.server.render.DatabendType;
import com.databend.r2dbc.tck.server.render.DatabendTypeParser;

/**
 * Decides what a Databend statement is and writes its DuckDB form: databases become schemas, Databend column
 * types become DuckDB types, DML answers with its count row.
 */
final class StatementPlanner {

    private final String sql;

    private final List<Token> tokens;

    private final ExecutionSettings settings;

    /** A {@code CREATE TEMP|TEMPORARY TABLE}: the table goes into the client session's temp schema. */
    private boolean temporary;

    StatementPlanner(String sql, List<Token> tokens, ExecutionSettings settings) {
        this.sql = sql;
        this.tokens = tokens;
        this.settings = settings;
    }

    StatementPlan plan() {
        if (this.tokens.isEmpty()) {
            throw SyntaxErrors.at(this.sql, this.sql.length(), "unexpected end of input, expecting a statement");
        }
        Token first = this.tokens.get(0);
        String head = first.kind() == Token.Kind.WORD ? first.upper() : first.text();
        switch (head) {
            case "SELECT":
            case "WITH":
            case "VALUES":
            case "(":
            case "EXPLAIN":
            case "FROM":
                return StatementPlan.of(StatementPlan.Kind.QUERY, translated(0));
            case "INSERT":
                return dml(insert(), "number of rows inserted");
            case "REPLACE":
                return dml(insert(), "number of rows inserted");
            case "UPDATE":
                return dml(translated(0), "number of rows updated");
            case "DELETE":
                return dml(translated(0), "number of rows deleted");
            case "CREATE":
                return create();
            case "DROP":
                return drop();
            case "SHOW":
                return show();
            case "DESC":
            case "DESCRIBE":
                return describe();
            case "TRUNCATE":
                return truncate();
            case "REMOVE":
            case "RM":
                return StatementPlan.stage(StatementPlan.Kind.STAGE_REMOVE, location(1));
            case "LIST":
            case "LS":
                return StatementPlan.stage(StatementPlan.Kind.STAGE_LIST, location(1));
            case "PRESIGN":
                // a well-formed PRESIGN is answered by StageSql before planning
                throw SyntaxErrors.at(this.sql, first.end(),
                    "expecting PRESIGN [UPLOAD | DOWNLOAD] @stage/path [EXPIRE = <seconds>] [CONTENT_TYPE = '...']");
            case "OPTIMIZE":
            case "VACUUM":
            case "ANALYZE":
                return new StatementPlan(StatementPlan.Kind.DDL, null, new DuckDbSqlWriter(), null, null, null, false,
                    null);
            default:
                return StatementPlan.of(StatementPlan.Kind.GENERIC, translated(0));
        }
    }

    private DuckDbSqlWriter translated(int from) {
        DuckDbSqlWriter writer = new DuckDbSqlWriter();
        new ExpressionTranslator(this.sql, this.tokens, this.settings, writer).translate(from, this.tokens.size());
        return writer;
    }

    private static StatementPlan dml(DuckDbSqlWriter writer, String label) {
        return new StatementPlan(StatementPlan.Kind.DML, writer.toString(), writer, null, null, null, false, label);
    }

    /** INSERT [OVERWRITE] INTO t ... ; REPLACE INTO t ON (k) ... is treated as a plain insert. */
    private DuckDbSqlWriter insert() {
        DuckDbSqlWriter writer = new DuckDbSqlWriter();
        int i = 1;
        if (i < this.tokens.size() && this.tokens.get(i).isWord("OVERWRITE")) {
            throw new DatabendError(1002, "INSERT OVERWRITE is not supported by the embedded server");
        }
        if (i < this.tokens.size() && this.tokens.get(i).isWord("INTO")) {
            i++;
        }
        if (i >= this.tokens.size()) {
            throw SyntaxErrors.at(this.sql, this.sql.length(), "unexpected end of input, expecting a table name");
        }
        Name name = name(i);
        i = name.next();
        writer.append("INSERT INTO", this.tokens.get(0).start(), this.tokens.get(0).end());
        writer.append(name.duckDb(), name.start(), name.end());
        if (this.tokens.get(0).isWord("REPLACE") && i < this.tokens.size() && this.tokens.get(i).isWord("ON")) {
            i = skipParenthesized(i + 1);
        }
        new ExpressionTranslator(this.sql, this.tokens, this.settings, writer).translate(i, this.tokens.size());
        return writer;
    }

    private int skipParenthesized(int i) {
        int depth = 0;
        while (i < this.tokens.size()) {
            Token token = this.tokens.get(i++);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return i;
    }

    private StatementPlan create() {
        int i = 1;
        boolean orReplace = false;
        if (isWord(i, "OR") && isWord(i + 1, "REPLACE")) {
            orReplace = true;
            i += 2;
        }
        while (isWord(i, "TRANSIENT") || isWord(i, "TEMP") || isWord(i, "TEMPORARY")) {
            this.temporary |= !isWord(i, "TRANSIENT");
            i++;
        }
        if (isWord(i, "DATABASE") || isWord(i, "SCHEMA")) {
            i++;
            boolean ifNotExists = isWord(i, "IF") && isWord(i + 1, "NOT") && isWord(i + 2, "EXISTS");
            if (ifNotExists) {
                i += 3;
            }
            Token name = identifier(i);
            return new StatementPlan(StatementPlan.Kind.CREATE_DATABASE, null, new DuckDbSqlWriter(),
                name.identifierKey(), null, null, ifNotExists, null);
        }
        if (isWord(i, "TABLE")) {
            return createTable(i + 1, orReplace);
        }
        if (isWord(i, "STAGE")) {
            return StatementPlan.stage(StatementPlan.Kind.STAGE_DDL, null);
        }
        return StatementPlan.of(StatementPlan.Kind.GENERIC, translated(0));
    }

    private StatementPlan createTable(int i, boolean orReplace) {
        boolean ifNotExists = isWord(i, "IF") && isWord(i + 1, "NOT") && isWord(i + 2, "EXISTS");
        if (ifNotExists) {
            i += 3;
        }
        Name named = namedTable(i);
        boolean temporary = this.temporary && this.settings.tempSchemaPrefix() != null;
        Name name = temporary ? named.in(this.settings.tempSchema(named.database()))
            : named.in(this.settings.schemaOf(named.database(), named.table()));
        // a temp table's plan names its database, which the engine checks before it makes the temp schema
        StatementPlan.Kind kind = temporary ? StatementPlan.Kind.CREATE_TEMP_TABLE : StatementPlan.Kind.CREATE_TABLE;
        String database = temporary ? named.database() : name.database();
        i = name.next();
        DuckDbSqlWriter writer = new DuckDbSqlWriter();
        Token create = this.tokens.get(0);
        writer.append("CREATE" + (orReplace ? " OR REPLACE" : "") + " TABLE" + (ifNotExists ? " IF NOT EXISTS" : ""),
            create.start(), create.end());
        writer.append(name.duckDb(), name.start(), name.end());
        if (isWord(i, "LIKE")) {
            Name source = name(i + 1);
            writer.generated("AS SELECT * FROM " + source.duckDb() + " LIMIT 0", this.tokens.get(i).start());
            return new StatementPlan(kind, writer.toString(), writer, database, name.table(), null, ifNotExists,
                null);
        }
        List<Catalog.Column> columns = null;
        if (i < this.tokens.size() && this.tokens.get(i).isSymbol("(")) {
            int close = matchingParen(i);
            columns = new ArrayList<>();
            writer.append("(", this.tokens.get(i).start(), this.tokens.get(i).end());
            boolean firstColumn = true;
            int itemStart = i + 1;
            for (int j = i + 1; j <= close; j++) {
                if (j == close || (this.tokens.get(j).isSymbol(",") && depthBetween(i + 1, j) == 0)) {
                    if (!firstColumn) {
                        writer.append(",", this.tokens.get(itemStart - 1).start(), this.tokens.get(itemStart - 1).end());
                    }
                    columnDefinition(itemStart, j, writer, columns);
                    firstColumn = false;
                    itemStart = j + 1;
                }
            }
            writer.append(")", this.tokens.get(close).start(), this.tokens.get(close).end());
            i = close + 1;
        }
        // Databend table options (ENGINE = FUSE, CLUSTER BY, COMMENT = ...) mean nothing to the engine
        while (i < this.tokens.size() && !this.tokens.get(i).isWord("AS")) {
            i++;
        }
        if (i < this.tokens.size()) {
            new ExpressionTranslator(this.sql, this.tokens, this.settings, writer).translate(i, this.tokens.size());
            columns = null;
        }
        return new StatementPlan(kind, writer.toString(), writer, database, name.table(), columns, ifNotExists, null);
    }

    private void columnDefinition(int from, int to, DuckDbSqlWriter writer, List<Catalog.Column> columns) {
        if (from >= to) {
            throw SyntaxErrors.at(this.sql, this.tokens.get(Math.min(from, this.tokens.size() - 1)).start(),
                "unexpected `,`, expecting a column definition");
        }
        Token columnName = this.tokens.get(from);
        if (!columnName.isIdentifier() || from + 1 >= to) {
            throw SyntaxErrors.at(this.sql, columnName.start(), "unexpected `" + columnName.text()
                + "`, expecting a column definition");
        }
        Token typeStart = this.tokens.get(from + 1);
        DatabendTypeParser.Parsed parsed;
        try {
            parsed = DatabendTypeParser.parsePrefix(this.sql, typeStart.start());
        } catch (IllegalArgumentException e) {
            throw SyntaxErrors.at(this.sql, typeStart.start(), "unexpected `" + typeStart.text()
                + "`, expecting a column type");
        }
        DatabendType type = parsed.type();
        boolean explicitNullable = type.nullable();
        int i = from + 1;
        while (i < to && this.tokens.get(i).start() < parsed.end()) {
            i++;
        }
        boolean notNull = false;
        DuckDbSqlWriter rest = new DuckDbSqlWriter();
        int defaultStart = -1;
        int defaultEnd = -1;
        while (i < to) {
            Token token = this.tokens.get(i);
            if (token.isWord("NOT") && isWord(i + 1, "NULL")) {
                notNull = true;
                i += 2;
            } else if (token.isWord("NULL")) {
                notNull = false;
                i++;
            } else if (token.isWord("DEFAULT")) {
                defaultStart = i + 1;
                i++;
                while (i < to && !isWord(i, "NOT") && !isWord(i, "NULL") && !isWord(i, "COMMENT")) {
                    i++;
                }
                defaultEnd = i;
            } else if (token.isWord("COMMENT")) {
                i += 2;
            } else {
                i++;
            }
        }
        DatabendType declared = type.withNullable(explicitNullable || !notNull);
        columns.add(new Catalog.Column(columnName.text(), declared));
        writer.append(ExpressionTranslator.quoteIdentifier(columnName.text()), columnName.start(), columnName.end());
        writer.append(declared.duckDbType(), typeStart.start(), parsed.end());
        if (!declared.nullable()) {
            writer.generated("NOT NULL", typeStart.start());
        }
        if (defaultStart >= 0) {
            writer.generated("DEFAULT", this.tokens.get(defaultStart - 1).start());
            new ExpressionTranslator(this.sql, this.tokens, this.settings, writer).translate(defaultStart, defaultEnd);
        }
    }

    private int depthBetween(int from, int to) {
        int depth = 0;
        for (int k = from; k < to; k++) {
            if (this.tokens.get(k).isSymbol("(")) {
                depth++;
            } else if (this.tokens.get(k).isSymbol(")")) {
                depth--;
            }
        }
        return depth;
    }

    private int matchingParen(int open) {
        int depth = 0;
        for (int k = open; k < this.tokens.size(); k++) {
            if (this.tokens.get(k).isSymbol("(")) {
                depth++;
            } else if (this.tokens.get(k).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return k;
                }
            }
        }
        throw SyntaxErrors.at(this.sql, this.sql.length(), "unexpected end of input, expecting `)`");
    }

    private StatementPlan drop() {
        int i = 1;
        if (isWord(i, "DATABASE") || isWord(i, "SCHEMA")) {
            i++;
            boolean ifExists = isWord(i, "IF") && isWord(i + 1, "EXISTS");
            if (ifExists) {
                i += 2;
            }
            Token name = identifier(i);
            return new StatementPlan(StatementPlan.Kind.DROP_DATABASE, null, new DuckDbSqlWriter(),
                name.identifierKey(), null, null, ifExists, null);
        }
        if (isWord(i, "STAGE")) {
            return StatementPlan.stage(StatementPlan.Kind.STAGE_DDL, null);
        }
        if (isWord(i, "TABLE")) {
            i++;
            boolean ifExists = isWord(i, "IF") && isWord(i + 1, "EXISTS");
            if (ifExists) {
                i += 2;
            }
            Name name = name(i);
            DuckDbSqlWriter writer = new DuckDbSqlWriter();
            writer.append("DROP TABLE" + (ifExists ? " IF EXISTS" : ""), this.tokens.get(0).start(),
                this.tokens.get(0).end());
            writer.append(name.duckDb(), name.start(), name.end());
            return new StatementPlan(StatementPlan.Kind.DROP_TABLE, writer.toString(), writer, name.database(),
                name.table(), null, ifExists, null);
        }
        return StatementPlan.of(StatementPlan.Kind.GENERIC, translated(0));
    }

    private StatementPlan truncate() {
        int i = 1;
        if (isWord(i, "TABLE")) {
            i++;
        }
        Name name = name(i);
        DuckDbSqlWriter writer = new DuckDbSqlWriter();
        writer.append("DELETE FROM", this.tokens.get(0).start(), this.tokens.get(0).end());
        writer.append(name.duckDb(), name.start(), name.end());
        return StatementPlan.of(StatementPlan.Kind.DDL, writer);
    }

    private StatementPlan show() {
        int i = 1;
        if (isWord(i, "FULL")) {
            i++;
        }
        if (isWord(i, "DATABASES") || isWord(i, "SCHEMAS")) {
            return new StatementPlan(StatementPlan.Kind.SHOW_DATABASES, null, new DuckDbSqlWriter(), null, null, null,
                false, null);
        }
        if (isWord(i, "TABLES")) {
            i++;
            String database = this.settings.database();
            if (isWord(i, "FROM") || isWord(i, "IN")) {
                database = identifier(i + 1).identifierKey();
            }
            return new StatementPlan(StatementPlan.Kind.SHOW_TABLES, null, new DuckDbSqlWriter(), database, null, null,
                false, null);
        }
        return StatementPlan.of(StatementPlan.Kind.GENERIC, translated(0));
    }

    private StatementPlan describe() {
        int i = 1;
        if (isWord(i, "TABLE")) {
            i++;
        }
        Name name = name(i);
        return new StatementPlan(StatementPlan.Kind.DESCRIBE, null, new DuckDbSqlWriter(), name.database(),
            name.table(), null, false, null);
    }

    /** The stage location starting at token {@code i} ({@code @~/a/b.csv}, {@code @s1/dir}), as written. */
    private String location(int i) {
        if (i >= this.tokens.size() || !this.tokens.get(i).isSymbol("@")) {
            int offset = i < this.tokens.size() ? this.tokens.get(i).start() : this.sql.length();
            throw SyntaxErrors.at(this.sql, offset, "expecting a stage location such as @~/path");
        }
        int start = this.tokens.get(i).start();
        int end = start;
        while (end < this.sql.length() && !Character.isWhitespace(this.sql.charAt(end)) && this.sql.charAt(end) != ';') {
            end++;
        }
        return this.sql.substring(start, end);
    }

    private boolean isWord(int i, String word) {
        return i < this.tokens.size() && this.tokens.get(i).isWord(word);
    }

    private Token identifier(int i) {
        if (i >= this.tokens.size()) {
            throw SyntaxErrors.at(this.sql, this.sql.length(), "unexpected end of input, expecting an identifier");
        }
        Token token = this.tokens.get(i);
        if (!token.isIdentifier()) {
            throw SyntaxErrors.at(this.sql, token.start(), "unexpected `" + token.text()
                + "`, expecting an identifier");
        }
        return token;
    }

    /** A possibly qualified table name, resolved against the current database. */
    record Name(String database, String table, int start, int end, int next) {

        String duckDb() {
            return ExpressionTranslator.quoteIdentifier(this.database) + "."
                + ExpressionTranslator.quoteIdentifier(this.table);
        }

        /** The same table in engine schema {@code schema}. */
        Name in(String schema) {
            return new Name(schema, this.table, this.start, this.end, this.next);
        }
    }

    /** The table named at token {@code i}; a temp table of the client session is in its temp schema. */
    private Name name(int i) {
        Name named = namedTable(i);
        return named.in(this.settings.schemaOf(named.database(), named.table()));
    }

    /** The table named at token {@code i}, in the database it names or the current one. */
    private Name namedTable(int i) {
        Token first = identifier(i);
        if (i + 1 < this.tokens.size() && this.tokens.get(i + 1).isSymbol(".")) {
            Token second = identifier(i + 2);
            return new Name(first.identifierKey(), second.identifierKey(), first.start(), second.end(), i + 3);
        }
        return new Name(this.settings.database().toLowerCase(Locale.ROOT), first.identifierKey(), first.start(),
            first.end(), i + 1);
    }
}
