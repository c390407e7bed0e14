package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code INSERT INTO t [(columns)] VALUES (?, …)} or {@code REPLACE INTO t [(columns)] ON [CONFLICT] (keys) VALUES
 * (?, …)} whose values are exactly its {@code ?} markers, one row of them: the form whose binding sets a load
 * carries as the rows of one file (docs/protocol.md §8.3, §8.4).
 *
 * @param target   the table and its column list, as written
 * @param conflict a REPLACE's {@code ON [CONFLICT] (keys)} clause, as written; {@code null} for an INSERT
 * @param columns  the number of markers, so of values in a row
 */
record InsertValues(String target, @Nullable String conflict, int columns) {

    private static final Pattern FORM = Pattern.compile(
            "(?is)\\s*(insert|replace)\\s+into\\s+(.+?)\\s*values\\s*\\(\\s*\\?(?:\\s*,\\s*\\?)*\\s*\\)\\s*;?\\s*");

    /** A REPLACE's target: the table and columns, then the conflict keys. */
    private static final Pattern REPLACE_TARGET = Pattern.compile(
            "(?is)(.+?)\\s+(on\\s*(?:conflict\\s*)?\\(\\s*[^()]+?\\s*\\))");

    /** The statement in that form, or {@code null}: another statement, several, named markers, or other text. */
    static @Nullable InsertValues of(ParsedSql parsed) {
        if (parsed.statements().size() != 1) {
            return null;
        }
        ParsedSql.Part part = parsed.statements().get(0);
        String text = part.text();
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches() || !printableAscii(text)) {
            return null;
        }
        String target = matcher.group(2).strip();
        String conflict = null;
        if (matcher.group(1).equalsIgnoreCase("replace")) {
            Matcher replace = REPLACE_TARGET.matcher(target);
            if (!replace.matches()) {
                return null;
            }
            target = replace.group(1).strip();
            conflict = replace.group(2);
        }
        String lower = target.toLowerCase(Locale.ROOT);
        // the target is a table name and a column list: no literal, comment, marker or sub-query in it
        if (target.isEmpty() || lower.contains("select") || lower.contains(" from ") || lower.contains("values")
                || target.contains("'") || target.contains("?") || target.contains("--") || target.contains("/*")
                || target.contains("@") || (conflict != null && lower.matches("(?s).*\\bon\\b.*"))) {
            return null;
        }
        for (ParsedSql.Marker marker : part.markers()) {
            if (marker.name() != null) {
                return null;
            }
        }
        return part.markers().isEmpty() ? null : new InsertValues(target, conflict, part.markers().size());
    }

    /** Whether a streaming load can carry it: Databend loads no REPLACE that way, only from a stage attachment. */
    boolean streamable() {
        return conflict == null;
    }

    /**
     * The streaming load's statement of an INSERT: the rows come from the request's CSV file, whose empty fields are
     * empty strings when {@code emptyText}.
     */
    String loadSql(boolean emptyText) {
        return "INSERT INTO " + target.replaceAll("[\r\n\t]", " ") + " FROM @_databend_load FILE_FORMAT = (TYPE = CSV"
                + (emptyText ? ", EMPTY_FIELD_AS = STRING)" : ")");
    }

    /** The statement that reads the rows from its stage attachment (docs/protocol.md §2.4). */
    String attachmentSql() {
        return (conflict == null ? "INSERT INTO " + target : "REPLACE INTO " + target + " " + conflict) + " VALUES";
    }

    /** HTTP header values are ASCII; line breaks are white space to SQL, so they become spaces. */
    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7E || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                return false;
            }
        }
        return true;
    }
}
