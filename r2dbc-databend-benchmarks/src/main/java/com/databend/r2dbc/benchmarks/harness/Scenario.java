package com.databend.r2dbc.benchmarks.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A workload at one size, the variants that run it and the ratios to print.
 *
 * @param delayed     run against the server that delays every response
 * @param comparisons pairs of variant labels: the first's figures divided by the second's
 */
record Scenario(String name, String title, Workload workload, long rows, int queries, boolean delayed,
                List<Variant> variants, List<Comparison> comparisons) {

    /** {@code subject}'s figures over {@code baseline}'s. */
    record Comparison(Variant subject, Variant baseline) {
    }

    Scenario {
        variants = List.copyOf(variants);
        comparisons = List.copyOf(comparisons);
    }

    Job job(URI server, Path csv) {
        return new Job(this.workload, server, this.rows, this.queries, csv);
    }

    /** What every client must report: for reads the rows and their {@link Checksum}, for writes the read-back. */
    Outcome expected() {
        return switch (this.workload) {
            case READ -> Outcome.of(Checksum.ofMixedRows(this.rows));
            case SELECT_ONE -> {
                Checksum ones = new Checksum();
                for (int i = 0; i < this.queries; i++) {
                    ones.cell(1);
                    ones.endRow();
                }
                yield Outcome.of(ones);
            }
            case CONCURRENT -> {
                Outcome one = Outcome.of(Checksum.ofMixedRows(this.rows));
                yield new Outcome(one.rows() * this.queries, one.checksum() * this.queries);
            }
            case BULK_INSERT -> Workload.bulkReadBack(this.rows, 1 + this.queries);
            case LOAD_ROWS -> Workload.bulkReadBack(this.rows, 1);
        };
    }

    /** What a run's figures are divided by for the per-unit columns: rows, or queries. */
    long unitCount() {
        return countsQueries() ? this.queries : this.rows;
    }

    String unit() {
        return countsQueries() ? "query" : "row";
    }

    String units() {
        return countsQueries() ? "queries" : "rows";
    }

    private boolean countsQueries() {
        return this.workload == Workload.SELECT_ONE || this.workload == Workload.CONCURRENT;
    }

    /**
     * Fails unless {@code measured} is {@code expected} ({@link #expected()}, computed once per scenario). The raw
     * client hashes cells as text, so of its reads only the row count is compared; its writes are read back like
     * the others'.
     */
    void verify(Variant variant, Outcome measured, Outcome expected) {
        boolean textOnly = variant.client().equals(RawClient.NAME)
            && (this.workload == Workload.READ || this.workload == Workload.SELECT_ONE);
        if (measured.rows() != expected.rows() || (!textOnly && measured.checksum() != expected.checksum())) {
            throw new IllegalStateException(this.name + ", " + variant.label() + ": got " + measured + ", expected "
                + (textOnly ? expected.rows() + " rows" : expected));
        }
    }
}
