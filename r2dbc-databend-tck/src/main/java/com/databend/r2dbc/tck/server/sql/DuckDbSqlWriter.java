package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Accumulates the DuckDB text of a statement and remembers, for each piece, where it came from in the Databend
 * text, so an engine error position can be shown against the statement the client sent.
 */
final class DuckDbSqlWriter {

    private final StringBuilder out = new StringBuilder();

    private final List<int[]> origins = new ArrayList<>();

    private int lastSourceEnd = -1;

    /** Appends text that stands for source text starting at {@code sourceStart} and ending at {@code sourceEnd}. */
    DuckDbSqlWriter append(String text, int sourceStart, int sourceEnd) {
        if (this.out.length() > 0 && (sourceStart != this.lastSourceEnd || sourceStart < 0)) {
            this.out.append(' ');
        }
        this.origins.add(new int[]{this.out.length(), Math.max(sourceStart, 0)});
        this.out.append(text);
        this.lastSourceEnd = sourceEnd;
        return this;
    }

    /** Appends generated text with no source of its own (attributed to {@code sourceStart}). */
    DuckDbSqlWriter generated(String text, int sourceStart) {
        if (this.out.length() > 0) {
            this.out.append(' ');
        }
        this.origins.add(new int[]{this.out.length(), Math.max(sourceStart, 0)});
        this.out.append(text);
        this.lastSourceEnd = -2;
        return this;
    }

    int sourceOffset(int outOffset) {
        int best = 0;
        for (int[] origin : this.origins) {
            if (origin[0] <= outOffset) {
                best = origin[1];
            } else {
                break;
            }
        }
        return best;
    }

    int length() {
        return this.out.length();
    }

    @Override
    public String toString() {
        return this.out.toString();
    }
}
