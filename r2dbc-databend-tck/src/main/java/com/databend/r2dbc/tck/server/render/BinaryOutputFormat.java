package com.databend.r2dbc.tck.server.render;

import java.util.Locale;

/** The setting {@code binary_output_format}: how Binary values become text. */
public enum BinaryOutputFormat {
    HEX, BASE64, UTF8, UTF8_LOSSY;

    /** Reads the setting's value ({@code hex}, {@code base64}, {@code utf-8}, {@code utf-8-lossy}, any case). */
    public static BinaryOutputFormat fromSetting(String value) {
        if (value == null || value.isBlank()) {
            return HEX;
        }
        switch (value.trim().toUpperCase(Locale.ROOT).replace('_', '-')) {
            case "HEX":
                return HEX;
            case "BASE64":
                return BASE64;
            case "UTF-8":
            case "UTF8":
                return UTF8;
            case "UTF-8-LOSSY":
            case "UTF8-LOSSY":
                return UTF8_LOSSY;
            default:
                throw new IllegalArgumentException("unknown binary_output_format: " + value);
        }
    }
}
