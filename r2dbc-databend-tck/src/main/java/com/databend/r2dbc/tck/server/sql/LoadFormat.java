package com.databend.r2dbc.tck.server.sql;

import java.util.Locale;
import java.util.Map;

/**
 * Databend's file-format options of a load (docs/protocol.md §8.3) with Databend's defaults filled in. Option values
 * are written as in SQL: {@code '\t'}, {@code '\r\n'} and {@code '\\'} are escapes.
 *
 * @param type            {@code CSV}, {@code TSV} or {@code NDJSON}
 * @param fieldDelimiter  between fields
 * @param recordDelimiter between records; {@code \n} also accepts {@code \r\n}
 * @param quote           the quote of CSV fields, {@code 0} for none (TSV)
 * @param escape          the escape inside fields, {@code 0} for none
 * @param skipHeader      leading records to skip in each file
 * @param nullDisplay     the unquoted field text that reads as NULL
 * @param compression     {@code NONE}, {@code AUTO} (by file name) or {@code GZIP}
 * @param binaryFormat    {@code HEX} or {@code BASE64} for BINARY columns
 * @param emptyFieldAsNull whether an empty unquoted CSV field reads as NULL ({@code EMPTY_FIELD_AS = NULL},
 *                         Databend's default) rather than as an empty string ({@code EMPTY_FIELD_AS = STRING})
 * @param quotedEmptyAsNull whether a quoted empty CSV field ({@code ""}) reads as NULL: by
 *                         {@code QUOTED_EMPTY_FIELD_AS}, an empty string unless it says {@code NULL}, as Databend's
 *                         servers since January 2026 have it
 */
record LoadFormat(String type, String fieldDelimiter, String recordDelimiter, char quote, char escape, int skipHeader,
                  String nullDisplay, String compression, String binaryFormat, boolean emptyFieldAsNull,
                  boolean quotedEmptyAsNull) {

    static LoadFormat of(Map<String, String> fileFormat, Map<String, String> copyOptions) {
        String type = upper(option(fileFormat, "type"), "CSV");
        boolean tsv = type.equals("TSV") || type.equals("TABSEPARATED");
        if (!type.equals("CSV") && !tsv && !type.equals("NDJSON")) {
            throw new DatabendError(1002, "file format " + type + " is not supported by the embedded server");
        }
        String nullDisplay = option(copyOptions, "null_display");
        if (nullDisplay == null) {
            nullDisplay = option(fileFormat, "null_display");
        }
        String compression = upper(option(fileFormat, "compression"), "NONE");
        if (!compression.equals("NONE") && !compression.equals("AUTO") && !compression.equals("GZIP")) {
            throw new DatabendError(1002, "compression " + compression + " is not supported by the embedded server");
        }
        String emptyFieldAs = emptyFieldAs(fileFormat, "empty_field_as", "NULL");
        String quotedEmptyFieldAs = emptyFieldAs(fileFormat, "quoted_empty_field_as", "STRING");
        return new LoadFormat(tsv ? "TSV" : type,
            unescape(option(fileFormat, "field_delimiter"), tsv ? "\t" : ","),
            unescape(option(fileFormat, "record_delimiter"), "\n"),
            tsv ? 0 : single(option(fileFormat, "quote"), '"', "quote"),
            single(option(fileFormat, "escape"), tsv ? '\\' : 0, "escape"),
            skipHeader(option(fileFormat, "skip_header")),
            nullDisplay == null ? "\\N" : unescape(nullDisplay, "\\N"),
            compression,
            upper(option(fileFormat, "binary_format"), "HEX"),
            !tsv && emptyFieldAs.equals("NULL"),
            !tsv && quotedEmptyFieldAs.equals("NULL"));
    }

    private static String emptyFieldAs(Map<String, String> fileFormat, String name, String fallback) {
        String value = upper(option(fileFormat, name), fallback);
        if (!value.equals("NULL") && !value.equals("STRING")) {
            throw new DatabendError(1002, name + " " + value + " is not supported by the embedded server");
        }
        return value;
    }

    boolean gzip(String fileName) {
        return this.compression.equals("GZIP")
            || this.compression.equals("AUTO") && fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String option(Map<String, String> options, String name) {
        for (Map.Entry<String, String> entry : options.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String upper(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim().toUpperCase(Locale.ROOT);
    }

    private static char single(String value, char fallback, String name) {
        if (value == null) {
            return fallback;
        }
        String text = unescape(value, "");
        if (text.isEmpty()) {
            return 0;
        }
        if (text.length() != 1) {
            throw new DatabendError(1006, name + " must be one character, got '" + value + "'");
        }
        return text.charAt(0);
    }

    private static int skipHeader(String value) {
        try {
            return value == null || value.isBlank() ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DatabendError(1006, "invalid skip_header value " + value);
        }
    }

    private static String unescape(String value, String fallback) {
        if (value == null) {
            return fallback;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\' || i + 1 == value.length()) {
                out.append(c);
                continue;
            }
            char next = value.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'N' -> out.append("\\N");
                default -> out.append(next);
            }
        }
        return out.toString();
    }
}
