package com.databend.r2dbc;

import java.util.regex.Pattern;

/**
 * A stage location the caller gave, checked so that it can go into SQL unquoted and into HTTP headers as it is:
 * {@code @~} or {@code @name}, then optionally {@code /path}. The path takes printable ASCII except white space,
 * quotes, back-ticks, backslashes, parentheses, commas and semicolons, which would end the location in a statement
 * or start another one.
 *
 * @param stage the stage's name: {@code ~} or an identifier
 * @param path  the path in the stage, without leading slashes; empty for the whole stage
 */
record StageLocation(String stage, String path) {

    private static final Pattern STAGE = Pattern.compile("~|[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern PATH = Pattern.compile("[!#-&*+\\-./0-:<-\\[\\]-_a-~]*");

    static StageLocation parse(String location) {
        if (location == null || !location.startsWith("@")) {
            throw new IllegalArgumentException("A stage location starts with @ (@~/path or @stage/path): "
                    + location);
        }
        int slash = location.indexOf('/');
        String stage = slash < 0 ? location.substring(1) : location.substring(1, slash);
        String path = slash < 0 ? "" : location.substring(slash + 1).replaceFirst("^/+", "");
        if (!STAGE.matcher(stage).matches()) {
            throw new IllegalArgumentException("A stage is ~ or a name of letters, digits and underscores: "
                    + location);
        }
        if (!PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("A stage path takes printable ASCII without white space, quotes,"
                    + " back-ticks, backslashes, parentheses, commas or semicolons: " + location);
        }
        return new StageLocation(stage, path);
    }

    /** A location that names one file: a path that does not end with a slash. */
    static StageLocation parseFile(String location) {
        StageLocation parsed = parse(location);
        if (parsed.path.isEmpty() || parsed.path.endsWith("/")) {
            throw new IllegalArgumentException("A stage file's location names a file (@stage/path/file): "
                    + location);
        }
        return parsed;
    }

    /** The directory of a file's path ({@code a/b} for {@code a/b/c.csv}), empty at the stage's root. */
    String directory() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** The last segment of the path. */
    String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** As it goes into SQL: {@code @stage/path}. */
    String sql() {
        return path.isEmpty() ? "@" + stage : "@" + stage + "/" + path;
    }

    @Override
    public String toString() {
        return sql();
    }
}
