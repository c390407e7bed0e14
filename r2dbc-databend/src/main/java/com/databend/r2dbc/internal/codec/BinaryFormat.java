package com.databend.r2dbc.internal.codec;

/** The values of the {@code binary_output_format} setting (docs/protocol.md §5.2). */
enum BinaryFormat {
    HEX, BASE64, UTF8, UTF8_LOSSY;

    /** Read for every Binary cell: the server's own spellings are matched without copying the text. */
    static BinaryFormat of(String setting) {
        switch (setting) {
            case "HEX":
                return HEX;
            case "BASE64":
                return BASE64;
            case "UTF-8":
                return UTF8;
            case "UTF-8-LOSSY":
                return UTF8_LOSSY;
            default:
                break;
        }
        String trimmed = setting.trim();
        if (trimmed.equalsIgnoreCase("HEX")) {
            return HEX;
        }
        if (trimmed.equalsIgnoreCase("BASE64")) {
            return BASE64;
        }
        if (trimmed.equalsIgnoreCase("UTF-8") || trimmed.equalsIgnoreCase("UTF8")) {
            return UTF8;
        }
        if (trimmed.equalsIgnoreCase("UTF-8-LOSSY") || trimmed.equalsIgnoreCase("UTF8-LOSSY")
                || trimmed.equalsIgnoreCase("UTF8_LOSSY")) {
            return UTF8_LOSSY;
        }
        throw new IllegalArgumentException("Unknown binary_output_format '" + setting + "'");
    }
}
