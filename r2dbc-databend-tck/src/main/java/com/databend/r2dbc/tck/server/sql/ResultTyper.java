package com.databend.r2dbc.tck.server.sql;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.databend.r2dbc.tck.server.render.DatabendType;
import com.databend.r2dbc.tck.server.render.DuckDbTypeMapper;

/**
 * Gives each result column its Databend type: a plain reference to a table column has the type declared at
 * CREATE TABLE (with its nullability); anything computed takes the Databend form of DuckDB's type, nullable when
 * it reads a nullable column or a NULL; an integer literal takes the smallest integer type, as Databend does.
 */
final class ResultTyper {

    private static final Set<String> CLAUSE_ENDS = Set.of("FROM", "WHERE", "GROUP", "ORDER", "LIMIT", "UNION",
        "HAVING", "INTO", "EXCEPT", "INTERSECT", "QUALIFY", "WINDOW", "OFFSET");

    private static final Set<String> NOT_ALIASES = Set.of("WHERE", "JOIN", "ON", "LEFT", "RIGHT", "INNER", "OUTER",
        "CROSS", "FULL", "GROUP", "ORDER", "LIMIT", "UNION", "HAVING", "USING", "NATURAL", "WINDOW", "QUALIFY",
        "OFFSET", "EXCEPT", "INTERSECT", "LATERAL", "SETTINGS", "FORMAT", "ANTI", "SEMI", "ASOF", "POSITIONAL");

    /** A table the statement reads, with the name it is known by in the statement. */
    record Source(String alias, String table, List<Catalog.Column> columns) {
    }

    private final List<Token> tokens;

    private final String database;

    private final ExecutionSettings settings;

    private final Catalog catalog;

    private final List<Source> sources = new ArrayList<>();

    /** {@code settings} say which tables are temp tables, read in place of the database's tables of their names. */
    ResultTyper(List<Token> tokens, String database, ExecutionSettings settings, Catalog catalog) {
        this.tokens = tokens;
        this.database = database.toLowerCase(Locale.ROOT);
        this.settings = settings;
        this.catalog = catalog;
    }

    List<ResultColumn> type(ResultSetMetaData metaData) throws SQLException {
        collectSources();
        int count = metaData.getColumnCount();
        List<List<Token>> items = expandedSelectItems();
        if (items != null && items.size() != count) {
            items = null;
        }
        List<ResultColumn> columns = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String label = metaData.getColumnLabel(i);
            String duckType = metaData.getColumnTypeName(i);
            List<Token> item = items != null ? items.get(i - 1)
                : List.of(new Token(Token.Kind.QUOTED_IDENTIFIER, label, -1, -1));
            columns.add(new ResultColumn(items != null ? columnName(item, label) : columnName(label),
                typeOf(item, duckType)));
        }
        return columns;
    }

    /** A result column: its name and type. */
    record ResultColumn(String name, DatabendType type) {
    }

    /** Session functions are replaced by their values before DuckDB sees them; their column keeps the call's name. */
    private static String columnName(List<Token> item, String label) {
        if (item.size() == 3 && item.get(0).kind() == Token.Kind.WORD && item.get(1).isSymbol("(")
            && item.get(2).isSymbol(")")) {
            return item.get(0).text() + "()";
        }
        return columnName(label);
    }

    private static String columnName(String label) {
        return "count_star()".equals(label) ? "count(*)" : label;
    }

    private DatabendType typeOf(List<Token> item, String duckType) {
        DatabendType derived = DuckDbTypeMapper.toDatabend(duckType);
        if (derived.kind() == DatabendType.Kind.NULL) {
            return derived;
        }
        List<Token> expression = withoutAlias(item);
        Catalog.Column column = columnReference(expression);
        if (column != null) {
            if (normalize(column.type().duckDbType()).equals(normalize(duckType))) {
                return column.type();
            }
            return derived.withNullable(column.type().nullable());
        }
        if (!expression.isEmpty() && expression.get(0).isWord("COUNT") && derived.kind() == DatabendType.Kind.INT64) {
            return DatabendType.of(DatabendType.Kind.UINT64);
        }
        DatabendType literal = integerLiteral(expression, derived);
        if (literal != null) {
            return literal;
        }
        return derived.withNullable(readsNullable(expression));
    }

    private static String normalize(String duckType) {
        return duckType.toUpperCase(Locale.ROOT).replace(" ", "").replace("\"", "");
    }

    private static DatabendType integerLiteral(List<Token> expression, DatabendType derived) {
        boolean negative = expression.size() == 2 && expression.get(0).isSymbol("-");
        if (!(expression.size() == 1 || negative)) {
            return null;
        }
        Token number = expression.get(expression.size() - 1);
        if (number.kind() != Token.Kind.NUMBER || !number.text().matches("-?[0-9]+")) {
            return null;
        }
        switch (derived.kind()) {
            case INT8: case INT16: case INT32: case INT64: case UINT8: case UINT16: case UINT32: case UINT64:
                break;
            default:
                return null;
        }
        java.math.BigInteger value = new java.math.BigInteger(number.text());
        if (negative) {
            value = value.negate();
        }
        if (value.signum() >= 0) {
            int bits = value.bitLength();
            return DatabendType.of(bits <= 8 ? DatabendType.Kind.UINT8 : bits <= 16 ? DatabendType.Kind.UINT16
                : bits <= 32 ? DatabendType.Kind.UINT32 : DatabendType.Kind.UINT64);
        }
        int bits = value.bitLength();
        return DatabendType.of(bits < 8 ? DatabendType.Kind.INT8 : bits < 16 ? DatabendType.Kind.INT16
            : bits < 32 ? DatabendType.Kind.INT32 : DatabendType.Kind.INT64);
    }

    private boolean readsNullable(List<Token> expression) {
        if (!expression.isEmpty() && expression.get(0).isWord("COUNT")) {
            return false;
        }
        for (int i = 0; i < expression.size(); i++) {
            Token token = expression.get(i);
            if (token.isWord("NULL") || token.isWord("TRY_CAST") || token.isWord("NULLIF")) {
                return true;
            }
            if (!token.isIdentifier()) {
                continue;
            }
            boolean call = i + 1 < expression.size() && expression.get(i + 1).isSymbol("(");
            boolean qualifier = i + 1 < expression.size() && expression.get(i + 1).isSymbol(".");
            if (call || qualifier) {
                continue;
            }
            String qualifierName = i >= 2 && expression.get(i - 1).isSymbol(".") ? expression.get(i - 2).identifierKey()
                : null;
            Catalog.Column column = find(qualifierName, token.identifierKey());
            if (column != null && column.type().nullable()) {
                return true;
            }
        }
        return false;
    }

    private Catalog.Column columnReference(List<Token> expression) {
        if (expression.size() == 1 && expression.get(0).isIdentifier()) {
            return find(null, expression.get(0).identifierKey());
        }
        if (expression.size() == 3 && expression.get(0).isIdentifier() && expression.get(1).isSymbol(".")
            && expression.get(2).isIdentifier()) {
            return find(expression.get(0).identifierKey(), expression.get(2).identifierKey());
        }
        return null;
    }

    private Catalog.Column find(String qualifier, String name) {
        for (Source source : this.sources) {
            if (qualifier != null && !qualifier.equals(source.alias()) && !qualifier.equals(source.table())) {
                continue;
            }
            for (Catalog.Column column : source.columns()) {
                if (column.name().equalsIgnoreCase(name)) {
                    return column;
                }
            }
        }
        return null;
    }

    private static List<Token> withoutAlias(List<Token> item) {
        int n = item.size();
        if (n >= 3 && item.get(n - 2).isWord("AS") && item.get(n - 1).isIdentifier()) {
            return item.subList(0, n - 2);
        }
        if (n >= 2 && item.get(n - 1).isIdentifier()) {
            Token before = item.get(n - 2);
            boolean expressionEnd = before.isIdentifier() || before.kind() == Token.Kind.NUMBER
                || before.kind() == Token.Kind.STRING || before.isSymbol(")") || before.isSymbol("]");
            if (expressionEnd && !isKeywordContinuation(item.get(n - 1)) && !isKeywordContinuation(before)) {
                return item.subList(0, n - 1);
            }
        }
        return item;
    }

    private static boolean isKeywordContinuation(Token token) {
        return token.kind() == Token.Kind.WORD && Set.of("END", "NULL", "TRUE", "FALSE", "DISTINCT", "AND", "OR",
            "NOT", "IS", "IN", "LIKE", "THEN", "ELSE", "WHEN", "CASE", "BETWEEN", "INTERVAL", "DATE", "TIMESTAMP")
            .contains(token.upper());
    }

    private List<List<Token>> expandedSelectItems() {
        int select = -1;
        int depth = 0;
        int fallback = -1;
        for (int i = 0; i < this.tokens.size(); i++) {
            Token token = this.tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (token.isWord("SELECT")) {
                if (depth == 0) {
                    select = i;
                    break;
                }
                if (fallback < 0) {
                    fallback = i;
                }
            }
        }
        if (select < 0) {
            select = fallback;
        }
        if (select < 0) {
            return null;
        }
        int i = select + 1;
        if (i < this.tokens.size() && (this.tokens.get(i).isWord("DISTINCT") || this.tokens.get(i).isWord("ALL"))) {
            i++;
        }
        List<List<Token>> items = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        depth = 0;
        for (; i < this.tokens.size(); i++) {
            Token token = this.tokens.get(i);
            if (depth == 0 && token.kind() == Token.Kind.WORD && CLAUSE_ENDS.contains(token.upper())) {
                break;
            }
            if (token.isSymbol(")") && depth == 0) {
                break;
            }
            if (token.isSymbol("(") || token.isSymbol("[")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                depth--;
            }
            if (depth == 0 && token.isSymbol(",")) {
                items.add(current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        items.add(current);
        List<List<Token>> expanded = new ArrayList<>();
        for (List<Token> item : items) {
            if (item.size() == 1 && item.get(0).isSymbol("*")) {
                if (this.sources.isEmpty()) {
                    return null;
                }
                for (Source source : this.sources) {
                    if (!expandInto(source, expanded)) {
                        return null;
                    }
                }
            } else if (item.size() == 3 && item.get(2).isSymbol("*") && item.get(1).isSymbol(".")) {
                String qualifier = item.get(0).identifierKey();
                Source match = null;
                for (Source source : this.sources) {
                    if (qualifier.equals(source.alias()) || qualifier.equals(source.table())) {
                        match = source;
                        break;
                    }
                }
                if (match == null || !expandInto(match, expanded)) {
                    return null;
                }
            } else if (item.isEmpty()) {
                return null;
            } else {
                expanded.add(item);
            }
        }
        return expanded;
    }

    private static boolean expandInto(Source source, List<List<Token>> expanded) {
        if (source.columns().isEmpty()) {
            return false;
        }
        for (Catalog.Column column : source.columns()) {
            expanded.add(List.of(
                new Token(Token.Kind.QUOTED_IDENTIFIER, source.alias(), -1, -1),
                new Token(Token.Kind.SYMBOL, ".", -1, -1),
                new Token(Token.Kind.QUOTED_IDENTIFIER, column.name(), -1, -1)));
        }
        return true;
    }

    private void collectSources() {
        for (int i = 0; i < this.tokens.size(); i++) {
            Token token = this.tokens.get(i);
            if (token.isWord("FROM") || token.isWord("JOIN")) {
                int next = i + 1;
                while (true) {
                    next = readSource(next);
                    if (next < 0 || next >= this.tokens.size() || !this.tokens.get(next).isSymbol(",")) {
                        break;
                    }
                    next++;
                }
            }
        }
    }

    /** Reads one table reference at {@code i}; returns the index after it (and its alias), or -1. */
    private int readSource(int i) {
        if (i >= this.tokens.size() || !this.tokens.get(i).isIdentifier()) {
            return -1;
        }
        Token first = this.tokens.get(i);
        String table;
        List<Catalog.Column> columns;
        int next;
        if (i + 1 < this.tokens.size() && this.tokens.get(i + 1).isSymbol("(")) {
            table = first.identifierKey();
            if (!table.startsWith(Catalog.NUMBERS)) {
                return -1;
            }
            columns = Catalog.numbersColumns();
            next = i + 2;
            int depth = 1;
            while (next < this.tokens.size() && depth > 0) {
                if (this.tokens.get(next).isSymbol("(")) {
                    depth++;
                } else if (this.tokens.get(next).isSymbol(")")) {
                    depth--;
                }
                next++;
            }
        } else if (i + 2 < this.tokens.size() && this.tokens.get(i + 1).isSymbol(".")
            && this.tokens.get(i + 2).isIdentifier()) {
            table = this.tokens.get(i + 2).identifierKey();
            columns = this.catalog.columns(this.settings.schemaOf(first.identifierKey(), table), table);
            next = i + 3;
        } else {
            table = first.identifierKey();
            columns = this.catalog.columns(this.settings.schemaOf(this.database, table), table);
            next = i + 1;
        }
        String alias = table;
        if (next + 1 < this.tokens.size() && this.tokens.get(next).isWord("AS") && this.tokens.get(next + 1).isIdentifier()) {
            alias = this.tokens.get(next + 1).identifierKey();
            next += 2;
        } else if (next < this.tokens.size() && this.tokens.get(next).isIdentifier()
            && !(this.tokens.get(next).kind() == Token.Kind.WORD && NOT_ALIASES.contains(this.tokens.get(next).upper()))) {
            alias = this.tokens.get(next).identifierKey();
            next++;
        }
        this.sources.add(new Source(alias, table, columns == null ? List.of() : columns));
        return next;
    }
}
