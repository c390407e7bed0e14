package com.databend.r2dbc.tck.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a {@code multipart/form-data} body read from a stream as it arrives (the body of a streaming load,
 * docs/protocol.md §8.4): each part's content is itself a stream that ends at the next boundary, so that no part is
 * ever held whole.
 */
final class MultipartStream {

    private static final int BUFFER = 64 * 1024;

    private static final int MAX_HEADERS = 16 * 1024;

    private static final byte[] HEADERS_END = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** One part; {@code fileName} is {@code null} for plain fields; {@code content} ends at the part's end. */
    record Part(String name, String fileName, InputStream content) {
    }

    private final InputStream input;

    private final byte[] delimiter;

    private final byte[] separator;

    private final byte[] buffer = new byte[BUFFER];

    private int position;

    private int limit;

    private boolean inputEnded;

    private boolean finished;

    private PartContent open;

    MultipartStream(InputStream input, String contentType) {
        this.input = input;
        String boundary = MultipartBody.boundary(contentType);
        this.delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The next part, after skipping what is left of the previous one; {@code null} after the last. */
    Part next() throws IOException {
        if (this.finished) {
            return null;
        }
        if (this.open == null) {
            skipPreamble();
        } else {
            this.open.transferTo(OutputStream.nullOutputStream());
        }
        if (!fill(2)) {
            throw malformed("closing boundary not found");
        }
        if (this.buffer[this.position] == '-' && this.buffer[this.position + 1] == '-') {
            this.finished = true;
            return null;
        }
        int headersEnd = find(HEADERS_END, MAX_HEADERS);
        if (headersEnd < 0) {
            throw malformed("part headers not terminated");
        }
        String headers = new String(this.buffer, this.position, headersEnd - this.position, StandardCharsets.UTF_8);
        this.position = headersEnd + HEADERS_END.length;
        MultipartBody.Part described = MultipartBody.describe(headers.strip(), new byte[0]);
        this.open = new PartContent();
        return new Part(described.name(), described.fileName(), this.open);
    }

    private void skipPreamble() throws IOException {
        int at = find(this.delimiter, Integer.MAX_VALUE);
        if (at < 0) {
            throw malformed("boundary not found");
        }
        this.position = at + this.delimiter.length;
    }

    /** The position of {@code pattern} from the current position on, reading on; -1 when the body ends first. */
    private int find(byte[] pattern, int within) throws IOException {
        int from = this.position;
        while (true) {
            int at = indexOf(pattern, from);
            if (at >= 0) {
                return at;
            }
            if (this.limit - this.position > within) {
                return -1;
            }
            int kept = this.limit - this.position;
            if (!fill(kept + 1)) {
                return -1;
            }
            from = this.position;
        }
    }

    private int indexOf(byte[] pattern, int from) {
        outer:
        for (int i = from; i <= this.limit - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (this.buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Whether {@code count} bytes are buffered from the position on, reading more when needed. */
    private boolean fill(int count) throws IOException {
        if (this.limit - this.position >= count) {
            return true;
        }
        if (count > this.buffer.length) {
            return false;
        }
        System.arraycopy(this.buffer, this.position, this.buffer, 0, this.limit - this.position);
        this.limit -= this.position;
        this.position = 0;
        while (this.limit < count && !this.inputEnded) {
            int read = this.input.read(this.buffer, this.limit, this.buffer.length - this.limit);
            if (read < 0) {
                this.inputEnded = true;
            } else {
                this.limit += read;
            }
        }
        return this.limit >= count;
    }

    private static IOException malformed(String what) {
        return new IOException("malformed multipart body: " + what);
    }

    /** The content of the open part: the bytes up to the separator that ends it. */
    private final class PartContent extends InputStream {

        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int from, int length) throws IOException {
            if (this.ended) {
                return -1;
            }
            byte[] end = MultipartStream.this.separator;
            while (true) {
                int at = indexOf(end, MultipartStream.this.position);
                // bytes that cannot begin the separator are content
                int safe = at >= 0 ? at : Math.max(MultipartStream.this.position, MultipartStream.this.limit - end.length + 1);
                if (safe > MultipartStream.this.position) {
                    int count = Math.min(length, safe - MultipartStream.this.position);
                    System.arraycopy(MultipartStream.this.buffer, MultipartStream.this.position, target, from, count);
                    MultipartStream.this.position += count;
                    return count;
                }
                if (at >= 0) {
                    MultipartStream.this.position = at + end.length;
                    this.ended = true;
                    return -1;
                }
                int buffered = MultipartStream.this.limit - MultipartStream.this.position;
                if (!fill(buffered + 1)) {
                    throw malformed("closing boundary not found");
                }
            }
        }
    }
}
