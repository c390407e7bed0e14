package com.databend.r2dbc.tck.server.sql;

import java.util.Locale;

/**
 * One lexical token of a Databend statement, with its place in the original text (for error carets).
 *
 * @param kind  what the token is
 * @param text  the token as written (for strings: the decoded value, without quotes; for quoted identifiers: the
 *              name without quotes)
 * @param start the offset of its first character in the statement
 * @param end   the offset just after its last character
 */
record Token(Kind kind, String text, int start, int end) {

    enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, SYMBOL, POSITIONAL_PARAM, NAMED_PARAM }

    boolean isWord(String word) {
        return this.kind == Kind.WORD && this.text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return this.kind == Kind.SYMBOL && this.text.equals(symbol);
    }

    boolean isIdentifier() {
        return this.kind == Kind.WORD || this.kind == Kind.QUOTED_IDENTIFIER;
    }

    /** The identifier's name as the catalog keys it: unquoted names are case-insensitive. */
    String identifierKey() {
        return this.kind == Kind.WORD ? this.text.toLowerCase(Locale.ROOT) : this.text;
    }

    String upper() {
        return this.text.toUpperCase(Locale.ROOT);
    }
}
