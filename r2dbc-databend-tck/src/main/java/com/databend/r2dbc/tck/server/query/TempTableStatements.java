package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.TempTableSessions.Table;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recognises the statements that create or drop a table, for the temp tables of a client session. */
final class TempTableStatements {

    private static final String NAME = "[`\"]?(\\w+)[`\"]?(?:\\s*\\.\\s*[`\"]?(\\w+)[`\"]?)?";

    private static final Pattern CREATE_TEMP = Pattern.compile("(?is)\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?"
        + "TEMP(?:ORARY)?\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME + ".*");

    private static final Pattern DROP = Pattern.compile("(?is)\\s*DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME
        + "\\s*;?\\s*");

    private TempTableStatements() {
    }

    /**
     * Whether the statement may create a temp table, as this class or the engine's planner reads one: it may begin
     * with {@code CREATE} and names {@code TEMP}. A cheap check that every statement passes through, so most are
     * turned away by their first letter; {@code false} is certain, {@code true} is only possible.
     */
    static boolean mayCreateTemp(String sql) {
        return mayBeginWith(sql, 'C') && containsIgnoringCase(sql, "TEMP");
    }

    /** The table a {@code CREATE TEMP|TEMPORARY TABLE} creates, or {@code null} for another statement. */
    static Table createdTemp(String sql, String database) {
        return mayCreateTemp(sql) ? table(CREATE_TEMP.matcher(sql), database) : null;
    }

    /** The table a {@code DROP TABLE} drops, or {@code null} for another statement. */
    static Table dropped(String sql, String database) {
        return mayBeginWith(sql, 'D') ? table(DROP.matcher(sql), database) : null;
    }

    /**
     * Whether the first character after white space is {@code upper} in either case, or no letter at all (a comment
     * or a quote comes first, which only a full reading can tell).
     */
    private static boolean mayBeginWith(String sql, char upper) {
        int at = 0;
        while (at < sql.length() && Character.isWhitespace(sql.charAt(at))) {
            at++;
        }
        if (at == sql.length()) {
            return false;
        }
        char first = sql.charAt(at);
        return !Character.isLetter(first) || Character.toUpperCase(first) == upper;
    }

    private static boolean containsIgnoringCase(String text, String word) {
        for (int at = 0; at + word.length() <= text.length(); at++) {
            if (text.regionMatches(true, at, word, 0, word.length())) {
                return true;
            }
        }
        return false;
    }

    private static Table table(Matcher matcher, String database) {
        if (!matcher.matches()) {
            return null;
        }
        String first = matcher.group(1).toLowerCase(Locale.ROOT);
        String second = matcher.group(2);
        return second == null ? new Table(database.toLowerCase(Locale.ROOT), first)
            : new Table(first, second.toLowerCase(Locale.ROOT));
    }
}
