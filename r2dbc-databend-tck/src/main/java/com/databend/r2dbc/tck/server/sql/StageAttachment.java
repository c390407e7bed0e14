package com.databend.r2dbc.tck.server.sql;

import java.util.Map;

/**
 * The request's {@code stage_attachment} (docs/protocol.md §2.4): an {@code INSERT INTO t [(cols)] VALUES} takes its
 * rows from the staged file(s) at {@code location}.
 *
 * @param location          e.g. {@code @~/2024/4/10/uuid/file.csv} or {@code @stage_name/path}
 * @param fileFormatOptions {@code type}, {@code field_delimiter}, {@code record_delimiter}, {@code skip_header},
 *                          {@code null_display}, ... (keys in any case), or an empty map
 * @param copyOptions       {@code purge}, {@code null_display}, ... (keys in any case), or an empty map
 */
public record StageAttachment(String location, Map<String, String> fileFormatOptions, Map<String, String> copyOptions) {

    public StageAttachment {
        java.util.Objects.requireNonNull(location, "location must not be null");
        fileFormatOptions = fileFormatOptions == null ? Map.of() : Map.copyOf(fileFormatOptions);
        copyOptions = copyOptions == null ? Map.of() : Map.copyOf(copyOptions);
    }
}
