package com.databend.r2dbc.tck.server.sql;

/**
 * Builds Databend's caret diagrams for errors that point into the statement (docs/protocol.md §9.1):
 * {@code error: \n  --> SQL:1:8\n  |\n1 | select a\n  |        ^ column a doesn't exist\n\n}.
 */
final class SyntaxErrors {

    private SyntaxErrors() {
    }

    static DatabendError at(String sql, int offset, String text) {
        return new DatabendError(1005, diagram(sql, offset, 1, text));
    }

    static String diagram(String sql, int offset, int width, String text) {
        int safeOffset = Math.max(0, Math.min(offset, sql.length()));
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < safeOffset; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int lineEnd = sql.indexOf('\n', lineStart);
        String lineText = lineEnd < 0 ? sql.substring(lineStart) : sql.substring(lineStart, lineEnd);
        int column = safeOffset - lineStart + 1;
        String lineNumber = String.valueOf(line);
        String gutter = " ".repeat(lineNumber.length());
        return "error: \n" + gutter + " --> SQL:" + line + ":" + column + "\n" + gutter + " |\n"
            + lineNumber + " | " + lineText + "\n" + gutter + " | " + " ".repeat(column - 1)
            + "^".repeat(Math.max(1, width)) + " " + text + "\n\n";
    }
}
