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

    /** The table a {@code CREATE TEMP|TEMPORARY TABLE} creates, or {@code null} for another statement. */
    static Table createdTemp(String sql, String database) {
        return table(CREATE_TEMP.matcher(sql), database);
    }

    /** The table a {@code DROP TABLE} drops, or {@code null} for another statement. */
    static Table dropped(String sql, String database) {
        return table(DROP.matcher(sql), database);
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
