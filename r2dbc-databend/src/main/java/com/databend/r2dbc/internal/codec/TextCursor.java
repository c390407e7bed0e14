package com.databend.r2dbc.internal.codec;

/** A position in a text being parsed by hand, with the steps the type grammar and the nested-value reader share. */
abstract class TextCursor {

    final String text;
    int pos;

    TextCursor(String text) {
        this.text = text;
    }

    char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    /** Skips white space and consumes {@code expected}; returns null, or why it could not (for the caller's error). */
    String consume(char expected) {
        skipWhitespace();
        if (peek() != expected) {
            return pos < text.length() ? "'" + expected + "' expected at '" + text.charAt(pos) + "'"
                    : "'" + expected + "' expected";
        }
        pos++;
        return null;
    }
}
