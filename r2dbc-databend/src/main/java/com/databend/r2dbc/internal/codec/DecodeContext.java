package com.databend.r2dbc.internal.codec;

import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The response {@code settings} a page was encoded with (docs/protocol.md §5.2): the session time zone that
 * {@code Timestamp} cells are written in, and the {@code binary_output_format} of {@code Binary} cells.
 * A missing value (null) means the server default: UTC and {@code HEX}.
 */
public record DecodeContext(ZoneId timezone, String binaryOutputFormat) {

    private static final DecodeContext DEFAULTS = new DecodeContext(ZoneOffset.UTC, "HEX");

    public DecodeContext {
        if (timezone == null) {
            timezone = ZoneOffset.UTC;
        }
        if (binaryOutputFormat == null || binaryOutputFormat.isBlank()) {
            binaryOutputFormat = "HEX";
        }
    }

    public static DecodeContext defaults() {
        return DEFAULTS;
    }

    BinaryFormat binaryFormat() {
        return BinaryFormat.of(binaryOutputFormat);
    }
}
