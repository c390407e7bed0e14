package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.internal.codec.PageCells;

import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the {@code data} array (docs/protocol.md §3.1) of a response body in one pass over its bytes: it checks
 * that the array is well-formed JSON (structure, string escapes, UTF-8, numbers and literals, as a JSON parser
 * would) and notes where the text of each cell lies, without decoding it: the cells stay in the body
 * ({@link PageCells}). The streaming parser reads the rest of the body (ResponseParser).
 *
 * <p>A cell is a JSON string (its text between the quotes, flagged when it holds escapes) or {@code null}; a
 * number, {@code true}/{@code false} or a nested array or object, which Databend does not send, is kept as its
 * JSON text. A value where a row should be is a row of that one cell.
 */
final class DataScanner {

    /** As deep as a cell's nested arrays and objects may go, Jackson's default limit. */
    private static final int MAX_DEPTH = 1000;

    private final byte[] body;
    private int pos;
    private int[] bounds = new int[16];
    private int cells;

    /** A scanner of the array whose elements start at {@code body[start]}, just after its {@code [}. */
    DataScanner(byte[] body, int start) {
        this.body = body;
        this.pos = start;
    }

    /** Reads the rows up to and including the array's {@code ]}; {@link #end()} is then the index after it. */
    PageCells rows() throws IOException {
        int rows = 0;
        int width = -1;
        int[] rowStarts = null;
        int rowStart = pos;
        if (nextNonSpace() == ']') {
            pos++;
            return PageCells.empty();
        }
        while (true) {
            int first = cells;
            if (nextNonSpace() == '[') {
                pos++;
                row();
            } else {
                cell(); // a value where a row should be: a row of that one cell
            }
            int rowWidth = cells - first;
            if (rows == 0) {
                width = rowWidth;
                // most pages are rows of one shape: make room for the cells of the rows the first one predicts
                int estimate = estimateBounds(pos - rowStart, width);
                if (estimate > bounds.length) {
                    bounds = Arrays.copyOf(bounds, estimate);
                }
            } else if (rowStarts == null && rowWidth != width) {
                rowStarts = new int[Math.max(16, 2 * rows + 2)];
                for (int row = 0; row <= rows; row++) {
                    rowStarts[row] = row * width;
                }
            }
            rows++;
            if (rowStarts != null) {
                if (rows + 1 > rowStarts.length) {
                    rowStarts = Arrays.copyOf(rowStarts, rowStarts.length * 2);
                }
                rowStarts[rows] = cells;
            }
            if (!nextElement()) {
                break;
            }
        }
        if (rowStarts != null) {
            return PageCells.ofRaggedRows(body, bounds, rows, rowStarts);
        }
        return PageCells.ofRows(body, bounds, rows, width);
    }

    /** The index just after the array's {@code ]}, once {@link #rows()} returned. */
    int end() {
        return pos;
    }

    /** The cells of a row, after its {@code [}, up to and including its {@code ]}. */
    private void row() throws IOException {
        if (nextNonSpace() == ']') {
            pos++;
            return;
        }
        do {
            nextNonSpace();
            cell();
        } while (nextElement());
    }

    /** After an element of an array: true past a comma (another element follows), false past the {@code ]}. */
    private boolean nextElement() throws IOException {
        byte b = nextNonSpace();
        if (b != ',' && b != ']') {
            throw unexpected("',' or ']'");
        }
        pos++;
        return b == ',';
    }

    /** Skips white space; the byte at {@code pos}, which is in the body. */
    private byte nextNonSpace() throws IOException {
        byte[] body = this.body;
        int pos = this.pos;
        while (pos < body.length) {
            byte b = body[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                this.pos = pos;
                return b;
            }
        }
        this.pos = pos;
        throw truncated();
    }

    private void cell() throws IOException {
        int start = pos;
        byte b = body[start];
        if (b == '"') {
            pos = start + 1;
            boolean escaped = string();
            add(start + 1, escaped ? ~(pos - 1) : pos - 1);
        } else if (b == 'n') {
            literal("null");
            add(PageCells.NULL, PageCells.NULL);
        } else {
            value(0);
            add(start, pos);
        }
    }

    /** Any JSON value but a string or null read by {@link #cell()}: its text is checked and skipped. */
    private void value(int depth) throws IOException {
        byte b = body[pos];
        switch (b) {
            case '"' -> {
                pos++;
                string();
            }
            case 'n' -> literal("null");
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case '[' -> container(']', depth);
            case '{' -> container('}', depth);
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    number();
                } else {
                    throw unexpected("a JSON value");
                }
            }
        }
    }

    private void container(char close, int depth) throws IOException {
        if (depth >= MAX_DEPTH) {
            throw new IOException("data array: nested deeper than " + MAX_DEPTH + " at byte " + pos);
        }
        pos++;
        if (nextNonSpace() == close) {
            pos++;
            return;
        }
        while (true) {
            if (close == '}') {
                if (nextNonSpace() != '"') {
                    throw unexpected("a member name");
                }
                pos++;
                string();
                if (nextNonSpace() != ':') {
                    throw unexpected("':'");
                }
                pos++;
            }
            nextNonSpace();
            value(depth + 1);
            byte b = nextNonSpace();
            if (b != close && b != ',') {
                throw unexpected("',' or '" + close + "'");
            }
            pos++;
            if (b == close) {
                return;
            }
        }
    }

    /**
     * The rest of a string after its opening quote, up to and including the closing one; true when it holds an
     * escape. Control characters must be escaped and multi-byte characters must be UTF-8, as JSON requires.
     */
    private boolean string() throws IOException {
        byte[] body = this.body;
        int pos = this.pos;
        boolean escaped = false;
        while (pos < body.length) {
            byte c = body[pos];
            if (c == '"') {
                this.pos = pos + 1;
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                pos = escape(pos + 1);
            } else if (c < 0x20) { // a control character, or (negative) the first byte of a multi-byte character
                pos = multiByte(pos);
            } else {
                pos++;
            }
        }
        this.pos = pos;
        throw truncated();
    }

    /** The escape whose letter is at {@code pos}; returns the index after it. */
    private int escape(int pos) throws IOException {
        if (pos >= body.length) {
            throw truncated();
        }
        switch (body[pos]) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                return pos + 1;
            }
            case 'u' -> {
                if (pos + 5 > body.length) {
                    throw truncated();
                }
                for (int i = pos + 1; i < pos + 5; i++) {
                    if (Character.digit(body[i], 16) < 0) {
                        throw malformed("a \\u escape with a non-hex digit", i);
                    }
                }
                return pos + 5;
            }
            default -> throw malformed("an unknown escape \\" + (char) (body[pos] & 0xFF), pos);
        }
    }

    /** The UTF-8 character starting at {@code pos} (a byte above 0x7F), or a control character: an error. */
    private int multiByte(int pos) throws IOException {
        int lead = body[pos] & 0xFF;
        int continuations;
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuations = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuations = 2;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuations = 3;
        } else if (lead < 0x20) {
            throw malformed("an unescaped control character 0x" + Integer.toHexString(lead) + " in a string", pos);
        } else {
            throw malformed("an invalid UTF-8 start byte 0x" + Integer.toHexString(lead), pos);
        }
        if (pos + continuations >= body.length) {
            throw truncated();
        }
        for (int i = pos + 1; i <= pos + continuations; i++) {
            if ((body[i] & 0xC0) != 0x80) {
                throw malformed("an invalid UTF-8 continuation byte 0x" + Integer.toHexString(body[i] & 0xFF), i);
            }
        }
        return pos + continuations + 1;
    }

    private void literal(String word) throws IOException {
        int length = word.length();
        if (pos + length > body.length) {
            throw truncated();
        }
        for (int i = 0; i < length; i++) {
            if (body[pos + i] != word.charAt(i)) {
                throw malformed("a value that is not " + word, pos);
            }
        }
        pos += length;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, as JSON writes numbers. */
    private void number() throws IOException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (digits() == 0) {
            throw malformed("a number without digits", start);
        }
        if (peek() == '.') {
            pos++;
            if (digits() == 0) {
                throw malformed("a number without fraction digits", start);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (digits() == 0) {
                throw malformed("a number without exponent digits", start);
            }
        }
    }

    private int digits() throws IOException {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        return pos - start;
    }

    private byte peek() throws IOException {
        if (pos >= body.length) {
            throw truncated();
        }
        return body[pos];
    }

    /** Room for the bounds of all cells, from the bytes and width of the first row (a little more, for longer rows). */
    private int estimateBounds(int firstRowBytes, int width) {
        long rows = (body.length - pos) / Math.max(firstRowBytes, 1) + 1;
        return (int) Math.min(Integer.MAX_VALUE - 8, (rows + rows / 8 + 1) * width * 2 + 2L * width);
    }

    private void add(int start, int textEnd) {
        int index = 2 * cells;
        if (index + 2 > bounds.length) {
            bounds = Arrays.copyOf(bounds, bounds.length + (bounds.length >> 1) + 2);
        }
        bounds[index] = start;
        bounds[index + 1] = textEnd;
        cells++;
    }

    /** The byte at {@code pos} is not what the grammar expects there. */
    private IOException unexpected(String expected) {
        return malformed("'" + (char) (body[pos] & 0xFF) + "' where " + expected + " should be", pos);
    }

    private IOException malformed(String what, int at) {
        return new IOException("malformed data array: " + what + " at byte " + at);
    }

    private IOException truncated() {
        return new IOException("malformed data array: the body ends inside it");
    }
}
