package com.databend.r2dbc.tck.server.sql;

import java.time.ZoneId;

/**
 * What a statement needs to know of the session it runs in.
 *
 * @param user               the authenticated user ({@code current_user()})
 * @param database           the current database ({@code database()}, unqualified table names)
 * @param timezone           the zone timestamps are rendered in
 * @param binaryOutputFormat {@code HEX}, {@code BASE64}, {@code UTF-8} or {@code UTF-8-LOSSY}
 * @param serverVersion      the version {@code version()} reports
 */
public record ExecutionSettings(String user, String database, ZoneId timezone, String binaryOutputFormat,
                                String serverVersion) {
}
