package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A SQL text split into statements at {@code ;} and scanned for bind markers, both outside string literals,
 * quoted identifiers, {@code $$} bodies and comments. Markers are {@code ?} (one parameter each) and
 * {@code :name} (one parameter per distinct name). {@code $1} is not a marker (Databend stage columns), nor is
 * a {@code ::} cast or a {@code v:key} path (a {@code :} right after an identifier, bracket or quote).
 */
final class ParsedSql {

    private final String sql;
    private final List<Part> statements;
    private final List<@Nullable String> parameterNames;
    private final Map<String, Integer> namedIndexes;

    private ParsedSql(String sql, List<Part> statements, List<@Nullable String> parameterNames,
                      Map<String, Integer> namedIndexes) {
        this.sql = sql;
        this.statements = statements;
        this.parameterNames = parameterNames;
        this.namedIndexes = namedIndexes;
    }

    String sql() {
        return sql;
    }

    List<Part> statements() {
        return statements;
    }

    int parameterCount() {
        return parameterNames.size();
    }

    /** The name of parameter {@code index}, or {@code null} for a {@code ?}. */
    @Nullable String parameterName(int index) {
        return parameterNames.get(index);
    }

    /** The parameter index of {@code :name}, or -1. */
    int indexOf(String name) {
        Integer index = namedIndexes.get(name);
        return index == null ? -1 : index;
    }

    /** One statement: its text (trimmed) and its markers, with offsets into that text. */
    record Part(String text, List<Marker> markers) {
    }

    /** A marker at {@code [start, end)} of its statement's text, bound to parameter {@code index}. */
    record Marker(int start, int end, int index, @Nullable String name) {
    }

    static ParsedSql parse(String sql) {
        requireNonNull(sql, "sql must not be null");
        List<Part> parts = new ArrayList<>();
        List<@Nullable String> names = new ArrayList<>();
        Map<String, Integer> named = new LinkedHashMap<>();
        List<Marker> markers = new ArrayList<>();
        int statementStart = 0;
        boolean hasCode = false;
        int length = sql.length();
        int i = 0;
        while (i < length) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> {
                    i = skipQuoted(sql, i, c);
                    hasCode = true;
                    continue;
                }
                case '-' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '-') {
                        i = skipLine(sql, i);
                        continue;
                    }
                }
                case '#' -> {
                    i = skipLine(sql, i);
                    continue;
                }
                case '/' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '*') {
                        int end = sql.indexOf("*/", i + 2);
                        i = end < 0 ? length : end + 2;
                        continue;
                    }
                }
                case '$' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '$') {
                        int end = sql.indexOf("$$", i + 2);
                        i = end < 0 ? length : end + 2;
                        hasCode = true;
                        continue;
                    }
                }
                case '?' -> {
                    markers.add(new Marker(i, i + 1, names.size(), null));
                    names.add(null);
                }
                case ':' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == ':') {
                        i += 2;
                        hasCode = true;
                        continue;
                    }
                    if (i + 1 < length && isIdentifierStart(sql.charAt(i + 1)) && !followsOperand(sql, i)) {
                        int end = i + 2;
                        while (end < length && isIdentifierPart(sql.charAt(end))) {
                            end++;
                        }
                        String name = sql.substring(i + 1, end);
                        Integer index = named.get(name);
                        if (index == null) {
                            index = names.size();
                            names.add(name);
                            named.put(name, index);
                        }
                        markers.add(new Marker(i, end, index, name));
                        i = end;
                        hasCode = true;
                        continue;
                    }
                }
                case ';' -> {
                    if (hasCode) {
                        parts.add(part(sql, statementStart, i, markers));
                    }
                    markers = new ArrayList<>();
                    statementStart = i + 1;
                    hasCode = false;
                    i++;
                    continue;
                }
                default -> {
                }
            }
            if (!Character.isWhitespace(c)) {
                hasCode = true;
            }
            i++;
        }
        if (hasCode || parts.isEmpty()) {
            parts.add(part(sql, statementStart, length, markers));
        }
        return new ParsedSql(sql, Collections.unmodifiableList(parts), Collections.unmodifiableList(names),
                Collections.unmodifiableMap(named));
    }

    private static Part part(String sql, int start, int end, List<Marker> markers) {
        int from = start;
        while (from < end && Character.isWhitespace(sql.charAt(from))) {
            from++;
        }
        int to = end;
        while (to > from && Character.isWhitespace(sql.charAt(to - 1))) {
            to--;
        }
        List<Marker> shifted = new ArrayList<>(markers.size());
        for (Marker marker : markers) {
            shifted.add(new Marker(marker.start() - from, marker.end() - from, marker.index(), marker.name()));
        }
        return new Part(sql.substring(from, to), Collections.unmodifiableList(shifted));
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return length;
    }

    private static int skipLine(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end + 1;
    }

    /** A {@code :} right after an operand is Databend's path access ({@code v:key}), not a marker. */
    private static boolean followsOperand(String sql, int colon) {
        if (colon == 0) {
            return false;
        }
        char before = sql.charAt(colon - 1);
        return isIdentifierPart(before) || before == ']' || before == ')' || before == '"' || before == '`'
                || before == '\'';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    @Override
    public String toString() {
        return "ParsedSql{statements=" + statements.size() + ", parameters=" + parameterNames.size() + '}';
    }
}
