package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a Databend statement into tokens. Comments and whitespace are dropped; string literals are decoded
 * (Databend strings take {@code ''} and backslash escapes).
 */
final class SqlLexer {

    private final String sql;

    private int position;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    static List<Token> tokenize(String sql) {
        return new SqlLexer(sql).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (this.position >= this.sql.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private Token next() {
        int start = this.position;
        char c = this.sql.charAt(this.position);
        if (c == '\'') {
            return string(start);
        }
        if (c == '"' || c == '`') {
            return quotedIdentifier(start, c);
        }
        if (Character.isDigit(c) || (c == '.' && this.position + 1 < this.sql.length()
            && Character.isDigit(this.sql.charAt(this.position + 1)))) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (this.position < this.sql.length() && isWordPart(this.sql.charAt(this.position))) {
                this.position++;
            }
            return new Token(Token.Kind.WORD, this.sql.substring(start, this.position), start, this.position);
        }
        if (c == '?') {
            this.position++;
            return new Token(Token.Kind.POSITIONAL_PARAM, "?", start, this.position);
        }
        if (c == ':' && this.position + 1 < this.sql.length()) {
            char following = this.sql.charAt(this.position + 1);
            if (following == ':') {
                this.position += 2;
                return new Token(Token.Kind.SYMBOL, "::", start, this.position);
            }
            if (Character.isLetter(following) || following == '_') {
                this.position++;
                while (this.position < this.sql.length() && isWordPart(this.sql.charAt(this.position))) {
                    this.position++;
                }
                return new Token(Token.Kind.NAMED_PARAM, this.sql.substring(start + 1, this.position), start,
                    this.position);
            }
        }
        for (String symbol : new String[]{"<=>", "<>", "!=", "<=", ">=", "||", "->>", "->", "=>"}) {
            if (this.sql.startsWith(symbol, this.position)) {
                this.position += symbol.length();
                return new Token(Token.Kind.SYMBOL, symbol, start, this.position);
            }
        }
        this.position++;
        return new Token(Token.Kind.SYMBOL, String.valueOf(c), start, this.position);
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private Token number(int start) {
        while (this.position < this.sql.length() && Character.isDigit(this.sql.charAt(this.position))) {
            this.position++;
        }
        if (this.position < this.sql.length() && this.sql.charAt(this.position) == '.') {
            this.position++;
            while (this.position < this.sql.length() && Character.isDigit(this.sql.charAt(this.position))) {
                this.position++;
            }
        }
        if (this.position < this.sql.length() && (this.sql.charAt(this.position) == 'e'
            || this.sql.charAt(this.position) == 'E')) {
            int mark = this.position;
            this.position++;
            if (this.position < this.sql.length() && (this.sql.charAt(this.position) == '+'
                || this.sql.charAt(this.position) == '-')) {
                this.position++;
            }
            if (this.position < this.sql.length() && Character.isDigit(this.sql.charAt(this.position))) {
                while (this.position < this.sql.length() && Character.isDigit(this.sql.charAt(this.position))) {
                    this.position++;
                }
            } else {
                this.position = mark;
            }
        }
        return new Token(Token.Kind.NUMBER, this.sql.substring(start, this.position), start, this.position);
    }

    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        this.position++;
        while (true) {
            if (this.position >= this.sql.length()) {
                throw SyntaxErrors.at(this.sql, start, "unterminated string literal");
            }
            char c = this.sql.charAt(this.position++);
            if (c == '\'') {
                if (this.position < this.sql.length() && this.sql.charAt(this.position) == '\'') {
                    value.append('\'');
                    this.position++;
                    continue;
                }
                return new Token(Token.Kind.STRING, value.toString(), start, this.position);
            }
            if (c == '\\' && this.position < this.sql.length()) {
                char escaped = this.sql.charAt(this.position++);
                switch (escaped) {
                    case 'n':
                        value.append('\n');
                        break;
                    case 't':
                        value.append('\t');
                        break;
                    case 'r':
                        value.append('\r');
                        break;
                    case '0':
                        value.append('\0');
                        break;
                    case 'b':
                        value.append('\b');
                        break;
                    case 'f':
                        value.append('\f');
                        break;
                    default:
                        value.append(escaped);
                }
                continue;
            }
            value.append(c);
        }
    }

    private Token quotedIdentifier(int start, char quote) {
        StringBuilder value = new StringBuilder();
        this.position++;
        while (true) {
            if (this.position >= this.sql.length()) {
                throw SyntaxErrors.at(this.sql, start, "unterminated quoted identifier");
            }
            char c = this.sql.charAt(this.position++);
            if (c == quote) {
                if (this.position < this.sql.length() && this.sql.charAt(this.position) == quote) {
                    value.append(quote);
                    this.position++;
                    continue;
                }
                return new Token(Token.Kind.QUOTED_IDENTIFIER, value.toString(), start, this.position);
            }
            value.append(c);
        }
    }

    private void skipSpaceAndComments() {
        while (this.position < this.sql.length()) {
            char c = this.sql.charAt(this.position);
            if (Character.isWhitespace(c) || c == ';') {
                this.position++;
            } else if (this.sql.startsWith("--", this.position) || c == '#') {
                while (this.position < this.sql.length() && this.sql.charAt(this.position) != '\n') {
                    this.position++;
                }
            } else if (this.sql.startsWith("/*", this.position)) {
                int end = this.sql.indexOf("*/", this.position + 2);
                this.position = end < 0 ? this.sql.length() : end + 2;
            } else {
                return;
            }
        }
    }
}
