package com.databend.r2dbc.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The {@code data} cells of one page (docs/protocol.md §3.1), left in the response body they arrived in: for each
 * cell, where its text lies in the body's UTF-8 bytes. No String is made for a cell until it is read, and a cell
 * read as a number is parsed from the bytes, so a page costs its body and two ints per cell whatever its width.
 *
 * <p>{@code bounds} holds two ints per cell: the first byte of its text (inside the quotes of a JSON string) or
 * {@value #NULL} for JSON {@code null}, and the end of its text (exclusive), or its complement when the JSON string
 * holds backslash escapes. Immutable once built; read by any thread.
 */
public final class PageCells {

    /** A cell's start when it is JSON {@code null}. */
    public static final int NULL = -1;

    private static final PageCells EMPTY = new PageCells(new byte[0], new int[0], 0, 0, null);

    private final byte[] body;
    private final int[] bounds;
    private final int rows;
    private final int width;
    private final int[] rowStarts;

    private PageCells(byte[] body, int[] bounds, int rows, int width, int[] rowStarts) {
        this.body = body;
        this.bounds = bounds;
        this.rows = rows;
        this.width = width;
        this.rowStarts = rowStarts;
    }

    public static PageCells empty() {
        return EMPTY;
    }

    /**
     * Cells of {@code rows} rows of {@code width} cells each, row after row, {@code bounds} encoded as described
     * above; {@code bounds} may be longer than needed.
     */
    public static PageCells ofRows(byte[] body, int[] bounds, int rows, int width) {
        return rows == 0 ? EMPTY : new PageCells(body, bounds, rows, width, null);
    }

    /** Cells of rows of different widths: row {@code r} is cells {@code rowStarts[r]} to {@code rowStarts[r + 1]}. */
    public static PageCells ofRaggedRows(byte[] body, int[] bounds, int rows, int[] rowStarts) {
        return rows == 0 ? EMPTY : new PageCells(body, bounds, rows, 0, rowStarts);
    }

    public int rowCount() {
        return rows;
    }

    /** How many cells row {@code row} holds. */
    public int width(int row) {
        Objects.checkIndex(row, rows);
        return rowStarts == null ? width : rowStarts[row + 1] - rowStarts[row];
    }

    /** The cell's text as the server wrote it, unescaped; {@code null} for JSON null or a column the row lacks. */
    public String text(int row, int column) {
        int cell = cell(row, column);
        if (cell < 0 || bounds[2 * cell] == NULL) {
            return null;
        }
        return string(bounds[2 * cell], bounds[2 * cell + 1]);
    }

    /** The text of a cell that is not JSON null, from its bounds. */
    private String string(int start, int end) {
        if (end >= 0) {
            return new String(body, start, end - start, StandardCharsets.UTF_8);
        }
        return JsonEscapes.unescape(new String(body, start, ~end - start, StandardCharsets.UTF_8));
    }

    /**
     * The cell as the default Java type of {@code type}, as {@link Codecs#decode(String, DatabendType, DecodeContext)}
     * decodes its text. Integers, decimals and floating-point numbers are read straight from the body's bytes.
     */
    public Object decode(int row, int column, DatabendType type, DecodeContext context) {
        int cell = cell(row, column);
        if (cell < 0 || bounds[2 * cell] == NULL) {
            return null;
        }
        int start = bounds[2 * cell];
        int end = bounds[2 * cell + 1];
        if (type.kind() == DatabendTypeKind.STRING) {
            return string(start, end); // the text itself, "NULL" included (docs/protocol.md §5.4)
        }
        if (end >= 0 && type.kind().isNumber()) {
            if (type.nullable() && isLegacyNull(start, end)) {
                return null;
            }
            Object value = decodeNumber(start, end, type);
            if (value != null) {
                return value;
            }
        }
        return Codecs.decode(text(row, column), type, context);
    }

    /** Every row's cells as Strings (null for SQL NULL): for tests and the few rows of a DML count. */
    public List<String[]> toStrings() {
        if (rows == 0) {
            return Collections.emptyList();
        }
        List<String[]> strings = new ArrayList<>(rows);
        for (int row = 0; row < rows; row++) {
            String[] cells = new String[width(row)];
            for (int column = 0; column < cells.length; column++) {
                cells[column] = text(row, column);
            }
            strings.add(cells);
        }
        return strings;
    }

    private int cell(int row, int column) {
        Objects.checkIndex(row, rows);
        if (column < 0) {
            return -1;
        }
        if (rowStarts == null) {
            return column < width ? row * width + column : -1;
        }
        int cell = rowStarts[row] + column;
        return cell < rowStarts[row + 1] ? cell : -1;
    }

    /** {@code NULL}, which a nullable non-String column may hold for SQL NULL (docs/protocol.md §5.4). */
    private boolean isLegacyNull(int start, int end) {
        return end - start == 4 && body[start] == 'N' && body[start + 1] == 'U' && body[start + 2] == 'L'
            && body[start + 3] == 'L';
    }

    /** The number, or {@code null} when the text takes the general path (its errors are reported there). */
    private Object decodeNumber(int start, int end, DatabendType type) {
        switch (type.kind()) {
            case FLOAT32:
                return FloatDecoder.decodeFloat(body, start, end);
            case FLOAT64:
                return FloatDecoder.decodeDouble(body, start, end);
            case DECIMAL:
                return DecimalDecoder.decode(body, start, end, type);
            default:
                return IntegerDecoder.decode(body, start, end, type.kind());
        }
    }
}
