package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises session-level statements by their leading keywords (case-insensitive, trailing {@code ;} allowed).
 */
public final class SessionStatements {

    private static final String NAME = "(`[^`]+`|\"[^\"]+\"|'[^']+'(?:\\s*@\\s*'[^']*')?|[\\w$.]+)";

    private static final Pattern USE = Pattern.compile("(?is)use\\s+" + NAME);

    private static final Pattern BEGIN = Pattern.compile("(?is)(begin(\\s+transaction)?|start\\s+transaction)");

    private static final Pattern COMMIT = Pattern.compile("(?is)commit(\\s+(work|transaction))?");

    private static final Pattern ROLLBACK = Pattern.compile("(?is)(rollback|abort)(\\s+(work|transaction))?");

    private static final Pattern CREATE_USER = Pattern.compile(
        "(?is)create\\s+user\\s+(if\\s+not\\s+exists\\s+)?" + NAME
            + "\\s+identified(?:\\s+with\\s+(\\w+))?\\s+by\\s+'((?:[^']|'')*)'.*");

    private static final Pattern DROP_USER = Pattern.compile("(?is)drop\\s+user\\s+(if\\s+exists\\s+)?" + NAME);

    private static final Pattern ALTER_USER_WITH = Pattern.compile(
        "(?is)alter\\s+user\\s+" + NAME + "\\s+with\\s+(.+)");

    private static final String LITERAL = "'((?:[^']|'')*)'";

    /** One key option of {@code ALTER USER … WITH}, then a comma or the end. */
    private static final Pattern KEY_OPTION = Pattern.compile("(?is)\\s*(?:add\\s+public_key\\s*=\\s*" + LITERAL
        + "(?:\\s*label\\s*=\\s*" + LITERAL + ")?|remove\\s+public_key\\s+(label|fingerprint)\\s*=\\s*" + LITERAL
        + ")\\s*(,|$)");

    private static final Pattern SHOW_PUBLIC_KEYS = Pattern.compile(
        "(?is)show\\s+public\\s+keys\\s+for\\s+user\\s+" + NAME);

    private static final Pattern GRANT = Pattern.compile(
        "(?is)grant\\s+(.+?)\\s+on\\s+\\S+\\s+to\\s+(?:user\\s+)?" + NAME);

    private static final Pattern REVOKE = Pattern.compile(
        "(?is)revoke\\s+(.+?)\\s+on\\s+\\S+\\s+from\\s+(?:user\\s+)?" + NAME);

    private static final Pattern SET_HEAD = Pattern.compile("(?is)set\\s+(global\\s+|session\\s+)?(.*)");

    private static final Pattern UNSET_HEAD = Pattern.compile("(?is)unset\\s+(global\\s+|session\\s+)?(.*)");

    private SessionStatements() {
    }

    /** The session statement {@code sql} is, or empty when the engine should run it. */
    public static Optional<SessionStatement> parse(String sql) {
        String text = strip(sql);
        String keyword = leadingKeyword(text);
        Matcher m;
        switch (keyword) {
            case "use" -> {
                if ((m = USE.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.Use(unquote(m.group(1))));
                }
            }
            case "begin", "start" -> {
                if (BEGIN.matcher(text).matches()) {
                    return Optional.of(new SessionStatement.Begin());
                }
            }
            case "commit" -> {
                if (COMMIT.matcher(text).matches()) {
                    return Optional.of(new SessionStatement.Commit());
                }
            }
            case "rollback", "abort" -> {
                if (ROLLBACK.matcher(text).matches()) {
                    return Optional.of(new SessionStatement.Rollback());
                }
            }
            case "create" -> {
                if ((m = CREATE_USER.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.CreateUser(unquote(m.group(2)),
                        m.group(4).replace("''", "'"), m.group(1) != null, "key_pair".equalsIgnoreCase(m.group(3))));
                }
            }
            case "drop" -> {
                if ((m = DROP_USER.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.DropUser(unquote(m.group(2)), m.group(1) != null));
                }
            }
            case "alter" -> {
                if ((m = ALTER_USER_WITH.matcher(text)).matches()) {
                    String name = unquote(m.group(1));
                    return keyChanges(m.group(2)).map(changes -> new SessionStatement.AlterPublicKeys(name, changes));
                }
            }
            case "show" -> {
                if ((m = SHOW_PUBLIC_KEYS.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.ShowPublicKeys(unquote(m.group(1))));
                }
            }
            case "grant" -> {
                if ((m = GRANT.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.Grant(unquote(m.group(2)), isAll(m.group(1))));
                }
            }
            case "revoke" -> {
                if ((m = REVOKE.matcher(text)).matches()) {
                    return Optional.of(new SessionStatement.Revoke(unquote(m.group(2)), isAll(m.group(1))));
                }
            }
            case "set" -> {
                if ((m = SET_HEAD.matcher(text)).matches() && !isOtherSet(m.group(2))) {
                    return Optional.of(parseSet(m.group(1) != null && m.group(1).trim().equalsIgnoreCase("global"),
                        m.group(2)));
                }
            }
            case "unset" -> {
                if ((m = UNSET_HEAD.matcher(text)).matches()) {
                    return Optional.of(parseUnset(m.group(1) != null && m.group(1).trim().equalsIgnoreCase("global"),
                        m.group(2)));
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The first word of a statement, lower-cased ({@code ""} when there is none). */
    public static String leadingKeyword(String sql) {
        String text = strip(sql);
        int end = 0;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** The statement without surrounding blanks, leading comments and trailing {@code ;}. */
    public static String strip(String sql) {
        String text = sql.strip();
        boolean changed = true;
        while (changed) {
            changed = false;
            if (text.startsWith("--")) {
                int nl = text.indexOf('\n');
                text = nl < 0 ? "" : text.substring(nl + 1).strip();
                changed = true;
            } else if (text.startsWith("/*") && !text.startsWith("/*+")) {
                int close = text.indexOf("*/");
                text = close < 0 ? "" : text.substring(close + 2).strip();
                changed = true;
            }
        }
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** The key options of {@code ALTER USER … WITH}, or empty when {@code options} holds any other option. */
    private static Optional<List<SessionStatement.KeyChange>> keyChanges(String options) {
        List<SessionStatement.KeyChange> changes = new ArrayList<>();
        Matcher m = KEY_OPTION.matcher(options);
        int end = 0;
        while (end < options.length() && m.region(end, options.length()).lookingAt()) {
            if (m.group(1) != null) {
                changes.add(new SessionStatement.KeyChange.Add(literal(m.group(1)), literal(m.group(2))));
            } else if (m.group(3).equalsIgnoreCase("label")) {
                changes.add(new SessionStatement.KeyChange.RemoveByLabel(literal(m.group(4))));
            } else {
                changes.add(new SessionStatement.KeyChange.RemoveByFingerprint(literal(m.group(4))));
            }
            end = m.end();
            if (m.group(5).isEmpty()) {
                break;
            }
        }
        return end == options.length() && !changes.isEmpty() ? Optional.of(changes) : Optional.empty();
    }

    /** The text of a quoted literal's inside ({@code ''} is one quote); {@code null} stays {@code null}. */
    private static String literal(String inside) {
        return inside == null ? null : inside.replace("''", "'");
    }

    private static boolean isAll(String privileges) {
        return privileges.trim().toLowerCase(Locale.ROOT).matches("all(\\s+privileges)?");
    }

    /** {@code SET ROLE}, {@code SET SECONDARY ROLES} and {@code SET VARIABLE} are not setting assignments. */
    private static boolean isOtherSet(String rest) {
        String lower = rest.toLowerCase(Locale.ROOT);
        return lower.matches("(role|secondary\\s+roles|variable)\\b.*") && !lower.matches("role\\s*=.*");
    }

    private static SessionStatement parseSet(boolean global, String assignments) {
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int i = 0;
        int n = assignments.length();
        while (i < n) {
            int eq = assignments.indexOf('=', i);
            if (eq < 0) {
                throw syntaxError(assignments);
            }
            String name = unquote(assignments.substring(i, eq).trim()).toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !name.matches("[\\w.]+")) {
                throw syntaxError(assignments);
            }
            int j = eq + 1;
            while (j < n && Character.isWhitespace(assignments.charAt(j))) {
                j++;
            }
            StringBuilder value = new StringBuilder();
            if (j < n && (assignments.charAt(j) == '\'' || assignments.charAt(j) == '"')) {
                char quote = assignments.charAt(j++);
                while (j < n) {
                    char c = assignments.charAt(j);
                    if (c == quote && j + 1 < n && assignments.charAt(j + 1) == quote) {
                        value.append(quote);
                        j += 2;
                    } else if (c == quote) {
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                while (j < n && assignments.charAt(j) != ',') {
                    j++;
                }
            } else {
                int comma = assignments.indexOf(',', j);
                int stop = comma < 0 ? n : comma;
                value.append(assignments, j, stop);
                j = stop;
            }
            names.add(name);
            values.add(value.toString().trim());
            i = j + 1;
        }
        if (names.isEmpty()) {
            throw syntaxError(assignments);
        }
        return new SessionStatement.Set(global, names, values);
    }

    private static SessionStatement parseUnset(boolean global, String rest) {
        String list = rest.trim();
        if (list.startsWith("(") && list.endsWith(")")) {
            list = list.substring(1, list.length() - 1);
        }
        List<String> names = new ArrayList<>();
        for (String part : list.split(",")) {
            String name = unquote(part.trim()).toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw syntaxError(rest);
        }
        return new SessionStatement.Unset(global, names);
    }

    private static DatabendError syntaxError(String text) {
        return new DatabendError(1005, "error: \n  --> SQL:1:1\n  |\n1 | " + text
            + "\n  | ^ unexpected end of statement\n\n");
    }

    /** A user or object name without its quotes; {@code 'u'@'%'} gives {@code u}. */
    static String unquote(String name) {
        String text = name.trim();
        int at = text.indexOf("'@");
        if (text.startsWith("'") && at > 0) {
            text = text.substring(0, at + 1);
        }
        if (text.length() >= 2) {
            char first = text.charAt(0);
            char last = text.charAt(text.length() - 1);
            if ((first == '`' || first == '"' || first == '\'') && first == last) {
                return text.substring(1, text.length() - 1);
            }
        }
        return text;
    }
}
