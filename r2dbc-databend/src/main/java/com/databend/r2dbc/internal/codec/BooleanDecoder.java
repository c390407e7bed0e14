package com.databend.r2dbc.internal.codec;

/**
 * {@code Boolean} cells: {@code "1"} / {@code "0"} (docs/protocol.md §5.2); {@code true} / {@code false} from old
 * servers.
 */
final class BooleanDecoder {

    private BooleanDecoder() {
    }

    static Boolean decode(String text) {
        if (text.length() == 1) {
            char c = text.charAt(0);
            if (c == '1') {
                return Boolean.TRUE;
            }
            if (c == '0') {
                return Boolean.FALSE;
            }
        } else if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        } else if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("Not a Databend Boolean: '" + text + "'");
    }
}
