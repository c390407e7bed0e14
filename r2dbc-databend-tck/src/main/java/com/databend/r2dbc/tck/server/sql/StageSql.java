package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements that name a stage and that the engine answers itself (docs/protocol.md §8.2, §8.3):
 * {@code PRESIGN [UPLOAD|DOWNLOAD] @stage/path [EXPIRE = n] [CONTENT_TYPE = '…']},
 * {@code INSERT INTO t [(cols)] [VALUES] FROM @stage[/path] [FILE_FORMAT = (…)]} and
 * {@code COPY INTO t [(cols)] FROM @stage[/path] [FILES = ('…', …)] [PATTERN = '…'] [FILE_FORMAT = (…)]
 * [PURGE = true|false]}.
 */
final class StageSql {

    /** A parsed stage statement. */
    sealed interface Statement permits Presign, Load, Copy {
    }

    /** {@code PRESIGN}: {@code method} is {@code PUT} for an upload, {@code GET} for a download. */
    record Presign(String method, String location, long expireSeconds, String contentType) implements Statement {
    }

    /** An INSERT that reads a stage: the INSERT of a stage attachment and the attachment. */
    record Load(String insertSql, StageAttachment attachment) implements Statement {
    }

    /** {@code COPY INTO}: the INSERT of each file, the location, the file filters and options. */
    record Copy(String insertSql, String location, List<String> files, Pattern pattern,
                Map<String, String> fileFormat, boolean purge) implements Statement {
    }

    private static final long DEFAULT_EXPIRE_SECONDS = 3600;

    private static final Pattern PRESIGN = Pattern.compile("(?is)^\\s*presign\\s+(?:(upload|download)\\s+)?(@\\S+?)"
        + "(?:\\s+expire\\s*=\\s*(\\d+))?(?:\\s+content_type\\s*=\\s*'([^']*)')?\\s*;?\\s*$");

    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*(insert|replace)\\s+into\\s+([^'\"]+?)\\s+"
        + "(?:values\\s+)?from\\s+(@[^\\s;]+)\\s*(?:file_format\\s*=\\s*\\((.*)\\))?\\s*;?\\s*$");

    private static final Pattern COPY = Pattern.compile("(?is)^\\s*copy\\s+into\\s+([^\\s(]+)\\s*(\\([^)]*\\))?\\s*"
        + "from\\s+(@[^\\s;]+)(.*?);?\\s*$");

    private static final Pattern FILES = Pattern.compile("(?is)\\bfiles\\s*=\\s*\\(([^)]*)\\)");

    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'");

    private static final Pattern PATTERN = Pattern.compile("(?is)\\bpattern\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)'");

    private static final Pattern FILE_FORMAT = Pattern.compile("(?is)\\bfile_format\\s*=\\s*\\(([^)]*)\\)");

    private static final Pattern PURGE = Pattern.compile("(?is)\\bpurge\\s*=\\s*(true|false)");

    private StageSql() {
    }

    /** One of {@link Presign}, {@link Load} or {@link Copy}, or {@code null} for any other statement. */
    static Statement parse(String sql) {
        Matcher presign = PRESIGN.matcher(sql);
        if (presign.matches()) {
            boolean upload = presign.group(1) != null && presign.group(1).equalsIgnoreCase("upload");
            long expire = presign.group(3) == null ? DEFAULT_EXPIRE_SECONDS : Long.parseLong(presign.group(3));
            return new Presign(upload ? "PUT" : "GET", presign.group(2), expire, presign.group(4));
        }
        Matcher insert = INSERT.matcher(sql);
        if (insert.matches()) {
            Map<String, String> format = FileFormatOptions.parse(insert.group(4));
            // Databend binds this form as a forced, purging copy: the file is removed once loaded
            return new Load(insert.group(1) + " into " + insert.group(2).strip() + " values",
                new StageAttachment(insert.group(3), format, Map.of("purge", "true")));
        }
        Matcher copy = COPY.matcher(sql);
        if (copy.matches()) {
            String options = copy.group(4);
            Matcher files = FILES.matcher(options);
            List<String> names = new ArrayList<>();
            if (files.find()) {
                Matcher name = QUOTED.matcher(files.group(1));
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
            Matcher pattern = PATTERN.matcher(options);
            Matcher format = FILE_FORMAT.matcher(options);
            Matcher purge = PURGE.matcher(options);
            return new Copy("insert into " + copy.group(1) + (copy.group(2) == null ? "" : " " + copy.group(2))
                + " values", copy.group(3), names, pattern.find() ? Pattern.compile(pattern.group(1)) : null,
                FileFormatOptions.parse(format.find() ? format.group(1) : null), purge.find()
                && purge.group(1).equalsIgnoreCase("true"));
        }
        return null;
    }
}
