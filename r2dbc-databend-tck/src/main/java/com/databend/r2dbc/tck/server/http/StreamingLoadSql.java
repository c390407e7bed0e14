package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.ProtocolError;
import com.databend.r2dbc.tck.server.sql.FileFormatOptions;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code X-DATABEND-SQL} of a streaming load (docs/protocol.md §8.4), {@code insert into t [(cols)] [values (?, …)]
 * from @_databend_load [file_format = (type = csv, …)]}, turned into the INSERT that reads a staged file.
 *
 * @param insertSql         {@code insert into t [(cols)] values …} for a stage attachment
 * @param fileFormatOptions the options inside {@code file_format = (…)}, keys lower-cased
 */
record StreamingLoadSql(String insertSql, Map<String, String> fileFormatOptions) {

    private static final Pattern LOAD = Pattern.compile(
        "(?is)^\\s*(insert|replace)\\s+into\\s+(.+?)\\s+from\\s+@_databend_load\\b\\s*"
            + "(?:file_format\\s*=\\s*\\((.*)\\))?\\s*;?\\s*$");

    private static final Pattern HAS_VALUES = Pattern.compile("(?is).*\\bvalues\\b.*");

    static StreamingLoadSql parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new ProtocolError(400, "Missing required header X-DATABEND-SQL in request");
        }
        Matcher m = LOAD.matcher(sql);
        if (!m.matches()) {
            if (!sql.strip().toLowerCase(Locale.ROOT).startsWith("insert")) {
                throw new ProtocolError(400, "Only INSERT statements are supported in streaming load. Got: " + sql);
            }
            throw new ProtocolError(400, "streaming load SQL must read FROM @_databend_load: " + sql);
        }
        if (m.group(1).equalsIgnoreCase("replace")) {
            // Databend's binder refuses it before the load starts, and the handler writes the error out with its code
            throw new ProtocolError(400, "Unimplemented. Code: 1002, Text = Replace with streaming load not supported "
                + "yet.");
        }
        String target = m.group(2).strip();
        String insert = "insert into " + target + (HAS_VALUES.matcher(target).matches() ? "" : " values");
        return new StreamingLoadSql(insert, FileFormatOptions.parse(m.group(3)));
    }
}
