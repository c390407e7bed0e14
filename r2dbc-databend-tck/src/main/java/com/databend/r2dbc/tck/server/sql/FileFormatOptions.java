package com.databend.r2dbc.tck.server.sql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text inside {@code FILE_FORMAT = (…)} as options (docs/protocol.md §8.3.1). */
public final class FileFormatOptions {

    private static final Pattern OPTION = Pattern.compile("(\\w+)\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\"[^\"]*\"|[^\\s,)]+)");

    private FileFormatOptions() {
    }

    /** The options of {@code text} (may be {@code null}), keys lower-cased, quotes taken off the values. */
    public static Map<String, String> parse(String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text == null) {
            return options;
        }
        Matcher option = OPTION.matcher(text);
        while (option.find()) {
            String value = option.group(2);
            if (value.length() >= 2 && (value.startsWith("'") || value.startsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            options.put(option.group(1).toLowerCase(Locale.ROOT), value);
        }
        return options;
    }
}
