package com.databend.r2dbc.benchmarks.harness;

/** What a client run read or wrote: a row count and a checksum ({@link Checksum}, or a sum of ids for writes). */
record Outcome(long rows, long checksum) {

    static Outcome of(Checksum checksum) {
        return new Outcome(checksum.rows(), checksum.value());
    }
}
