package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses writes by users without a grant (error 1063); reads are open to every authenticated user.
 */
public final class WritePermission {

    private static final Map<String, String> PRIVILEGE_BY_KEYWORD = Map.of(
        "insert", "Insert", "update", "Update", "delete", "Delete", "replace", "Insert", "merge", "Insert",
        "create", "Create", "drop", "Drop", "alter", "Alter", "truncate", "Delete", "copy", "Insert");

    private static final Pattern TARGET = Pattern.compile(
        "(?is)^\\w+\\s+(?:or\\s+replace\\s+)?(?:into\\s+|from\\s+|table\\s+(?:if\\s+(?:not\\s+)?exists\\s+)?|\\w+\\s+into\\s+)?"
            + "([`\"\\w.]+)");

    private WritePermission() {
    }

    /**
     * @throws DatabendError 1063 when {@code user} may not run {@code sql}
     */
    public static void check(UserRegistry users, String user, String database, String sql) {
        String keyword = SessionStatements.leadingKeyword(sql);
        String privilege = PRIVILEGE_BY_KEYWORD.get(keyword);
        if (privilege == null || users.canWrite(user)) {
            return;
        }
        throw new DatabendError(1063, "Permission denied: privilege [" + privilege + "] is required on "
            + objectName(database, SessionStatements.strip(sql)) + " for user '" + user + "'@'%'");
    }

    private static String objectName(String database, String sql) {
        Matcher m = TARGET.matcher(sql);
        if (m.find()) {
            String name = m.group(1).replace("`", "").replace("\"", "");
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals("table") && !lower.equals("database") && !lower.equals("view")) {
                int dot = name.lastIndexOf('.');
                String db = dot < 0 ? database : name.substring(0, dot);
                String table = dot < 0 ? name : name.substring(dot + 1);
                return "'default'.'" + db + "'.'" + table + "'";
            }
        }
        return "'default'.'" + database + "'.*";
    }
}
