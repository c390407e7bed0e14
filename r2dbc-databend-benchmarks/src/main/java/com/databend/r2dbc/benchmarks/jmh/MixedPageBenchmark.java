package com.databend.r2dbc.benchmarks.jmh;

import com.databend.r2dbc.internal.client.QueryResponse;
import com.databend.r2dbc.internal.client.ResponseParser;
import io.r2dbc.spi.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One received page of the mixed read ({@link Pages#MIXED_SCHEMA}, {@value #ROWS} rows) made into rows; the
 * figures are per row ({@code gc.alloc.rate.norm} is bytes per row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class MixedPageBenchmark {

    static final int ROWS = 10_000;

    byte[] body;

    @Setup
    public void generatePage() {
        // numbers from the middle of a 5M-row read: seven digits, like most of its cells
        body = Pages.mixed(2_500_000, ROWS);
    }

    /** Parses the page and makes its rows without reading a cell: what a column that is never read costs. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int parseIntoRows() throws IOException {
        QueryResponse page = ResponseParser.parseQueryResponse(body);
        int[] rows = {0};
        PageRows.forEachRow(page, row -> rows[0]++);
        return rows[0];
    }

    /** Parses the page and reads every value with {@code Row.get(i)}. */
    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int readEveryCell(Blackhole blackhole) throws IOException {
        QueryResponse page = ResponseParser.parseQueryResponse(body);
        int[] rows = {0};
        PageRows.forEachRow(page, row -> {
            readAll(row, blackhole);
            rows[0]++;
        });
        return rows[0];
    }

    static void readAll(Row row, Blackhole blackhole) {
        for (int i = 0; i < Pages.MIXED_SCHEMA.length; i++) {
            blackhole.consume(row.get(i));
        }
    }
}
