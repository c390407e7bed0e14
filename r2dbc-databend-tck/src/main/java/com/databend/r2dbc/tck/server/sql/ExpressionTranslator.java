package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import com.databend.r2dbc.tck.server.render.DatabendTypeParser;

/**
 * Rewrites a run of Databend tokens as DuckDB text: string literals re-quoted, Databend type names in casts
 * translated, session functions ({@code database()}, {@code current_user()}, {@code version()}) replaced by
 * their values, {@code TIMESTAMP '...'} stored with its time zone.
 */
final class ExpressionTranslator {

    private final String sql;

    private final List<Token> tokens;

    private final ExecutionSettings settings;

    private final DuckDbSqlWriter writer;

    ExpressionTranslator(String sql, List<Token> tokens, ExecutionSettings settings, DuckDbSqlWriter writer) {
        this.sql = sql;
        this.tokens = tokens;
        this.settings = settings;
        this.writer = writer;
    }

    /**
     * Quotes a value as a DuckDB string literal. DuckDB ends its SQL text at a NUL character, so a value holding
     * NUL is written as a parenthesised concatenation of quoted pieces and {@code chr(0)}: still one expression
     * made only of literals, so the value cannot change the statement's structure.
     */
    static String stringLiteral(String value) {
        if (value.indexOf('\0') < 0) {
            return quoted(value);
        }
        StringBuilder out = new StringBuilder("(");
        int pieceStart = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '\0') {
                if (out.length() > 1) {
                    out.append(" || ");
                }
                out.append(quoted(value.substring(pieceStart, i)));
                if (i < value.length()) {
                    out.append(" || chr(0)");
                }
                pieceStart = i + 1;
            }
        }
        return out.append(')').toString();
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Translates tokens {@code [from, to)}. */
    void translate(int from, int to) {
        Deque<Boolean> castParens = new ArrayDeque<>();
        int i = from;
        while (i < to) {
            Token token = this.tokens.get(i);
            switch (token.kind()) {
                case STRING:
                    this.writer.append(stringLiteral(token.text()), token.start(), token.end());
                    i++;
                    break;
                case QUOTED_IDENTIFIER:
                    this.writer.append(quoteIdentifier(token.text()), token.start(), token.end());
                    i++;
                    break;
                case NUMBER:
                    this.writer.append(token.text().startsWith("-") ? "(" + token.text() + ")" : token.text(),
                        token.start(), token.end());
                    i++;
                    break;
                case SYMBOL:
                    if (token.isSymbol("::")) {
                        this.writer.append("::", token.start(), token.end());
                        i = castType(i + 1, to);
                        break;
                    }
                    if (token.isSymbol("(")) {
                        castParens.push(i > from && (this.tokens.get(i - 1).isWord("CAST")
                            || this.tokens.get(i - 1).isWord("TRY_CAST")));
                    } else if (token.isSymbol(")") && !castParens.isEmpty()) {
                        castParens.pop();
                    }
                    this.writer.append(token.text(), token.start(), token.end());
                    i++;
                    break;
                case WORD:
                    if (token.isWord("AS") && !castParens.isEmpty() && castParens.peek()) {
                        this.writer.append("AS", token.start(), token.end());
                        i = castType(i + 1, to);
                        break;
                    }
                    i = word(i, to);
                    break;
                default:
                    throw new DatabendError(1006, "unbound parameter marker " + token.text());
            }
        }
    }

    private int word(int i, int to) {
        Token token = this.tokens.get(i);
        boolean call = i + 1 < to && this.tokens.get(i + 1).isSymbol("(");
        boolean emptyCall = call && i + 2 < to && this.tokens.get(i + 2).isSymbol(")");
        boolean qualified = i > 0 && this.tokens.get(i - 1).isSymbol(".");
        String lower = token.text().toLowerCase(Locale.ROOT);
        if (emptyCall && !qualified) {
            String value = sessionFunction(lower);
            if (value != null) {
                this.writer.append(stringLiteral(value), token.start(), this.tokens.get(i + 2).end());
                return i + 3;
            }
        }
        if (call && !qualified) {
            String renamed = renamedFunction(lower);
            if (renamed != null) {
                this.writer.append(renamed, token.start(), token.end());
                return i + 1;
            }
        }
        if (token.isWord("TIMESTAMP") && i + 1 < to && this.tokens.get(i + 1).kind() == Token.Kind.STRING) {
            Token literal = this.tokens.get(i + 1);
            this.writer.append("CAST(" + stringLiteral(literal.text()) + " AS TIMESTAMPTZ)", token.start(),
                literal.end());
            return i + 2;
        }
        if (i + 1 < to && this.tokens.get(i + 1).isSymbol(".") && !call) {
            this.writer.append(quoteIdentifier(qualifier(i, to)), token.start(), token.end());
            return i + 1;
        }
        this.writer.append(token.text(), token.start(), token.end());
        return i + 1;
    }

    /**
     * The engine schema for the qualifier at token {@code i} of {@code db.t}: the client session's temp schema of
     * {@code db} when {@code db.t} is one of its temp tables, else the qualifier as written (a database, a table or an
     * alias).
     */
    private String qualifier(int i, int to) {
        Token token = this.tokens.get(i);
        boolean qualified = i > 0 && this.tokens.get(i - 1).isSymbol(".");
        if (!qualified && i + 2 < to && this.tokens.get(i + 2).isIdentifier()
            && this.settings.isTempTable(token.identifierKey(), this.tokens.get(i + 2).identifierKey())) {
            return this.settings.tempSchema(token.identifierKey());
        }
        return token.text();
    }

    private String sessionFunction(String lower) {
        switch (lower) {
            case "database":
            case "currentdatabase":
            case "current_database":
            case "schema":
                return this.settings.database();
            case "current_user":
            case "user":
            case "currentuser":
                return "'" + this.settings.user() + "'@'%'";
            case "version":
                return "8.0.26-v" + this.settings.serverVersion();
            default:
                return null;
        }
    }

    private static String renamedFunction(String lower) {
        switch (lower) {
            case "numbers_mt":
            case "numbers_local":
                return "numbers";
            case "parse_json":
            case "try_parse_json":
                return "json";
            case "to_variant":
                return "to_json";
            case "to_binary":
                return "encode";
            case "from_hex":
                return "unhex";
            default:
                return null;
        }
    }

    /** Translates the Databend type name that starts at token {@code i}; returns the index after it. */
    private int castType(int i, int to) {
        if (i >= to) {
            throw SyntaxErrors.at(this.sql, this.sql.length(), "unexpected end of input, expecting a type name");
        }
        Token first = this.tokens.get(i);
        DatabendTypeParser.Parsed parsed;
        try {
            parsed = DatabendTypeParser.parsePrefix(this.sql, first.start());
        } catch (IllegalArgumentException e) {
            throw SyntaxErrors.at(this.sql, first.start(), "unexpected `" + first.text() + "`, expecting a type name");
        }
        int next = i;
        while (next < to && this.tokens.get(next).start() < parsed.end()) {
            next++;
        }
        // a trailing NULL / NOT NULL in a cast only changes nullability, which DuckDB casts do not carry
        if (next < to && this.tokens.get(next).isWord("NULL")) {
            next++;
        } else if (next + 1 < to && this.tokens.get(next).isWord("NOT") && this.tokens.get(next + 1).isWord("NULL")) {
            next += 2;
        }
        int end = this.tokens.get(next - 1).end();
        this.writer.append(parsed.type().duckDbType(), first.start(), end);
        return next;
    }
}
