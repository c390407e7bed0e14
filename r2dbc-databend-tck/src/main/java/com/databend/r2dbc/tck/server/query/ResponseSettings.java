package com.databend.r2dbc.tck.server.query;

/** The response's {@code settings} member (docs/protocol.md §3.1): the settings the data was encoded with. */
public record ResponseSettings(String timezone, String geometryOutputFormat, String binaryOutputFormat,
                               String httpJsonResultMode) {
}
