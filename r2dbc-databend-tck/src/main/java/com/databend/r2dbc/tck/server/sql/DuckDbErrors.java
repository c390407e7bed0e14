package com.databend.r2dbc.tck.server.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns DuckDB's exceptions into Databend's error codes and message shapes (docs/protocol.md §9): caret diagrams where
 * the engine reports a position, plain text otherwise.
 */
final class DuckDbErrors {

    private static final Pattern LINE = Pattern.compile("\\n\\s*LINE (\\d+): ([^\\n]*)\\n( *)\\^", Pattern.DOTALL);

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Referenced column \"?([^\" ]+)\"? (?:was )?not found");

    private static final Pattern TABLE_MISSING = Pattern.compile("Table with name \"?([^\" !]+)\"? does not exist");

    private static final Pattern SCHEMA_MISSING = Pattern.compile("[Ss]chema (?:with name )?\"?([^\" !]+)\"? does not exist|No catalog \\+ schema named \"?([^\" !]+)\"? found");

    private static final Pattern FUNCTION_MISSING = Pattern.compile("Function with name \"?([^\" !]+)\"? does not exist");

    private DuckDbErrors() {
    }

    static DatabendError translate(SQLException exception, String sql, DuckDbSqlWriter writer) {
        return translate(exception, sql, writer, "default");
    }

    /**
     * @param database the current database, named in span-form "Unknown table" messages
     */
    static DatabendError translate(SQLException exception, String sql, DuckDbSqlWriter writer, String database) {
        String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
        String head = firstParagraph(message);
        int offset = sourceOffset(message, writer);
        Matcher matcher;
        if (message.contains("INTERRUPT") || message.toLowerCase(java.util.Locale.ROOT).contains("interrupted")) {
            return new DatabendError(1043, "canceled by client");
        }
        if (head.startsWith("Parser Error")) {
            String near = nearToken(head);
            String text = near == null ? "unexpected end of input" : "unexpected `" + near + "`";
            return offset >= 0 ? SyntaxErrors.at(sql, offset, text) : new DatabendError(1005, text);
        }
        if ((matcher = COLUMN_NOT_FOUND.matcher(head)).find()) {
            return positioned(1065, sql, offset, "column " + matcher.group(1) + " doesn't exist");
        }
        if ((matcher = SCHEMA_MISSING.matcher(head)).find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            return new DatabendError(1003, "Unknown database '" + name + "'");
        }
        if ((matcher = TABLE_MISSING.matcher(head)).find()) {
            String table = matcher.group(1);
            int dot = table.lastIndexOf('.');
            String bare = dot >= 0 ? table.substring(dot + 1) : table;
            if (offset >= 0) {
                String written = writtenName(sql, offset);
                int qualifier = written.lastIndexOf('.');
                String schema = qualifier > 0 ? written.substring(0, qualifier) : database;
                String name = qualifier > 0 ? written.substring(qualifier + 1) : written;
                return positioned(1025, sql, offset, "Unknown table \"default\".\"" + schema + "\"."
                    + (name.isEmpty() ? bare : name) + " .");
            }
            return new DatabendError(1025, "Unknown table '" + bare + "'");
        }
        if (head.contains("already exists")) {
            Matcher name = QUOTED.matcher(head);
            String found = name.find() ? name.group(1) : head.replaceAll(".*with name (\\S+) already exists.*", "$1");
            if (head.contains("Schema with name")) {
                return new DatabendError(2301, "Database '" + found + "' already exists");
            }
            if (head.contains("Table with name")) {
                return new DatabendError(2302, "Table '" + found + "' already exists");
            }
        }
        if ((matcher = FUNCTION_MISSING.matcher(head)).find()) {
            return positioned(1008, sql, offset, "no function matches the given name: '" + matcher.group(1) + "'");
        }
        if (head.contains("* expression without FROM clause")) {
            int star = sql.indexOf('*');
            return positioned(1065, sql, star, "'SELECT *' is used without specifying any tables in the FROM clause.");
        }
        if (head.startsWith("Binder Error") && head.contains("No function matches")) {
            return positioned(1065, sql, offset, strip(head));
        }
        if (head.startsWith("Conversion Error") || head.startsWith("Invalid Input Error")
            || head.startsWith("Out of Range Error") || head.startsWith("Constraint Error")) {
            return new DatabendError(1006, strip(head));
        }
        if (head.contains("Current transaction is aborted")) {
            return new DatabendError(4002,
                "Current transaction is aborted, commands ignored until end of transaction block");
        }
        if (head.startsWith("TransactionContext Error")) {
            return new DatabendError(4001, strip(head));
        }
        if (head.startsWith("Binder Error") || head.startsWith("Catalog Error")) {
            return positioned(1065, sql, offset, strip(head));
        }
        if (head.startsWith("Not implemented Error")) {
            return new DatabendError(1002, strip(head));
        }
        return new DatabendError(1001, strip(head));
    }

    private static DatabendError positioned(int code, String sql, int offset, String text) {
        if (offset < 0) {
            return new DatabendError(code, text);
        }
        return new DatabendError(code, SyntaxErrors.diagram(sql, offset, 1, text));
    }

    /** The possibly qualified name written at {@code offset}. */
    private static String writtenName(String sql, int offset) {
        int end = offset;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
            || sql.charAt(end) == '.')) {
            end++;
        }
        return sql.substring(offset, end);
    }

    private static String strip(String head) {
        int colon = head.indexOf(": ");
        return colon >= 0 && colon < 40 ? head.substring(colon + 2) : head;
    }

    private static String firstParagraph(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message.trim() : message.substring(0, end).trim();
    }

    private static String nearToken(String head) {
        Matcher matcher = Pattern.compile("at or near \"([^\"]*)\"").matcher(head);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The error's position in the client's text, or -1 when DuckDB gave none. */
    private static int sourceOffset(String message, DuckDbSqlWriter writer) {
        if (writer == null) {
            return -1;
        }
        Matcher matcher = LINE.matcher(message);
        if (!matcher.find()) {
            return -1;
        }
        int line = Integer.parseInt(matcher.group(1));
        int prefix = ("LINE " + line + ": ").length();
        int column = matcher.group(3).length() - prefix;
        String duckSql = writer.toString();
        if (matcher.group(2).startsWith("...")) {
            return -1;
        }
        int lineStart = 0;
        for (int l = 1; l < line; l++) {
            int next = duckSql.indexOf('\n', lineStart);
            if (next < 0) {
                return -1;
            }
            lineStart = next + 1;
        }
        int outOffset = lineStart + Math.max(column, 0);
        if (outOffset > duckSql.length()) {
            return -1;
        }
        return writer.sourceOffset(outOffset);
    }
}
