package com.databend.r2dbc.benchmarks.harness;

import java.math.BigDecimal;

/**
 * An order-independent checksum of rows of typed values, so that two clients (or a client and the values the
 * harness expects) can be compared whatever Java types they map the same value to: integers of any width hash
 * alike, decimals by unscaled value and scale, doubles by their bits, strings by their text.
 */
final class Checksum {

    private long rows;

    private long sum;

    private long row = 1;

    void cell(Object value) {
        cellHash(hash(value));
    }

    /** A cell by a hash of its own, e.g. of its text. */
    void cellHash(long hash) {
        this.row = this.row * 31 + hash;
    }

    /** Adds the rows of {@code other}. */
    void add(Checksum other) {
        this.sum += other.sum;
        this.rows += other.rows;
    }

    void endRow() {
        this.sum += mix(this.row);
        this.rows++;
        this.row = 1;
    }

    long rows() {
        return this.rows;
    }

    long value() {
        return this.sum;
    }

    /** The checksum of the mixed read's first {@code rows} rows ({@link Workload#mixedSql}), as read. */
    static Checksum ofMixedRows(long rows) {
        Checksum expected = new Checksum();
        for (long number = 0; number < rows; number++) {
            expected.cell(number);
            expected.cell(Long.toString(number));
            expected.cell(number / 3.0);
            expected.cell(BigDecimal.valueOf(number % 100_000).setScale(2));
            expected.endRow();
        }
        return expected;
    }

    private static long hash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Double d) {
            return Double.doubleToLongBits(d);
        }
        if (value instanceof BigDecimal d) {
            return d.unscaledValue().longValue() * 31 + d.scale();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value.hashCode();
    }

    /** SplitMix64's finaliser: a row's hash spread over all bits before the rows are summed. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
