package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.internal.codec.PageCells;

import java.util.Arrays;

/**
 * Finds the cells of a {@code data} array (docs/protocol.md §3.1) in the response body's bytes, without decoding
 * them: the text of each cell stays in the body ({@link PageCells}). It reads only JSON that the streaming parser
 * has already accepted (the parser skipped the same array), so it does not validate again.
 *
 * <p>A cell is a JSON string (its text between the quotes, flagged when it holds escapes) or {@code null}; a
 * number, {@code true}/{@code false} or a nested array or object, which Databend does not send, is kept as its
 * JSON text.
 */
final class DataScanner {

    private final byte[] body;
    private final int end;
    private int pos;
    private int[] bounds = new int[16];
    private int cells;

    private DataScanner(byte[] body, int start, int end) {
        this.body = body;
        this.pos = start;
        this.end = end;
    }

    /** The rows of the array whose elements are {@code body[start, end)}: after its {@code [}, up to its {@code ]}. */
    static PageCells scan(byte[] body, int start, int end) {
        return new DataScanner(body, start, end).rows();
    }

    private PageCells rows() {
        int rows = 0;
        int width = -1;
        int[] rowStarts = null;
        int rowStart = pos;
        while (skipToValue()) {
            int first = cells;
            if (body[pos] == '[') {
                pos++;
                while (skipToValue()) {
                    cell();
                }
                pos++; // ']'
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
        }
        if (rowStarts != null) {
            return PageCells.ofRaggedRows(body, bounds, rows, rowStarts);
        }
        return PageCells.ofRows(body, bounds, rows, Math.max(width, 0));
    }

    /** Room for the bounds of all cells, from the bytes and width of the first row (a little more, for longer rows). */
    private int estimateBounds(int firstRowBytes, int width) {
        long rows = (end - pos) / Math.max(firstRowBytes, 1) + 1;
        return (int) Math.min(Integer.MAX_VALUE - 8, (rows + rows / 8 + 1) * width * 2 + 2L * width);
    }

    /**
     * Skips white space and the separating comma; true at the start of a value, false (having consumed nothing)
     * at the {@code ]} that ends the current array or at the end of the input.
     */
    private boolean skipToValue() {
        while (pos < end) {
            byte b = body[pos];
            if (b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return b != ']';
            }
        }
        return false;
    }

    private void cell() {
        byte b = body[pos];
        if (b == '"') {
            int start = ++pos;
            boolean escaped = false;
            for (byte c = body[pos]; c != '"'; c = body[pos]) {
                if (c == '\\') {
                    escaped = true;
                    pos++;
                }
                pos++;
            }
            add(start, escaped ? ~pos : pos);
            pos++;
        } else if (b == 'n' && pos + 4 <= end && body[pos + 1] == 'u' && body[pos + 2] == 'l'
            && body[pos + 3] == 'l') {
            add(PageCells.NULL, PageCells.NULL);
            pos += 4;
        } else if (b == '[' || b == '{') {
            int start = pos;
            skipContainer();
            add(start, pos);
        } else {
            int start = pos;
            while (pos < end && body[pos] != ',' && body[pos] != ']' && body[pos] > ' ') {
                pos++;
            }
            add(start, pos);
        }
    }

    private void skipContainer() {
        int depth = 0;
        do {
            byte b = body[pos++];
            if (b == '[' || b == '{') {
                depth++;
            } else if (b == ']' || b == '}') {
                depth--;
            } else if (b == '"') {
                while (body[pos] != '"') {
                    pos += body[pos] == '\\' ? 2 : 1;
                }
                pos++;
            }
        } while (depth > 0);
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
}
