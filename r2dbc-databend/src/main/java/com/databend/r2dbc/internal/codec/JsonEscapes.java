package com.databend.r2dbc.internal.codec;

/** The backslash escapes of JSON strings (RFC 8259 §7), for cells whose text is kept in the raw body. */
final class JsonEscapes {

    private JsonEscapes() {
    }

    /**
     * {@code escaped} (the content of a JSON string that a JSON parser has already accepted) with its escapes
     * replaced by the characters they stand for.
     */
    static String unescape(String escaped) {
        StringBuilder text = new StringBuilder(escaped.length());
        int length = escaped.length();
        for (int i = 0; i < length; i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escape = escaped.charAt(++i);
            switch (escape) {
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) Integer.parseInt(escaped, i + 1, i + 5, 16));
                    i += 4;
                }
                // '"', '\\' and '/' stand for themselves
                default -> text.append(escape);
            }
        }
        return text.toString();
    }
}
