package com.databend.r2dbc.benchmarks.harness;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One client run's work, passed to the client JVM on its command line.
 *
 * @param server  the server's base URL, e.g. {@code http://127.0.0.1:8000}
 * @param rows    rows read or written (per query for {@link Workload#CONCURRENT})
 * @param queries queries run ({@link Workload#SELECT_ONE}, {@link Workload#CONCURRENT}); for
 *                {@link Workload#BULK_INSERT}, the unmeasured batches of the same rows inserted first
 * @param csv     the rows of a bulk load as a ready CSV file (the raw client's upload), or {@code null}
 */
record Job(Workload workload, URI server, long rows, int queries, Path csv) {

    /** Unmeasured queries before a latency measurement. */
    int warmupQueries() {
        return Math.max(10, this.queries / 10);
    }

    /** Unmeasured batches before a bulk insert, which run the client's code as the measured one will. */
    int warmupBatches() {
        return this.workload == Workload.BULK_INSERT ? this.queries : 0;
    }

    List<String> toArguments() {
        List<String> arguments = new ArrayList<>(List.of(this.workload.name(), this.server.toString(),
            Long.toString(this.rows), Integer.toString(this.queries)));
        if (this.csv != null) {
            arguments.add(this.csv.toString());
        }
        return arguments;
    }

    static Job fromArguments(List<String> arguments) {
        if (arguments.size() < 4 || arguments.size() > 5) {
            throw new IllegalArgumentException("expected: workload server rows queries [csv], not " + arguments);
        }
        return new Job(Workload.valueOf(arguments.get(0)), URI.create(arguments.get(1)),
            Long.parseLong(arguments.get(2)), Integer.parseInt(arguments.get(3)),
            arguments.size() == 5 ? Path.of(arguments.get(4)) : null);
    }
}
