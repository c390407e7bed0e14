package com.databend.r2dbc.internal.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code Binary} cells in the {@code binary_output_format} of the response (docs/protocol.md §5.2). */
final class BinaryDecoder {

    private BinaryDecoder() {
    }

    static ByteBuffer decode(String text, BinaryFormat format) {
        switch (format) {
            case HEX:
                return ByteBuffer.wrap(hex(text));
            case BASE64:
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(text));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Not base64 Binary: '" + text + "'", e);
                }
            default:
                return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    static byte[] hex(String text) {
        int length = text.length();
        if ((length & 1) != 0) {
            throw new IllegalArgumentException("Not hex Binary (odd length): '" + text + "'");
        }
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < length; i += 2) {
            int high = Character.digit(text.charAt(i), 16);
            int low = Character.digit(text.charAt(i + 1), 16);
            if (high < 0 || low < 0) {
                throw new IllegalArgumentException("Not hex Binary: '" + text + "'");
            }
            bytes[i / 2] = (byte) ((high << 4) | low);
        }
        return bytes;
    }
}
