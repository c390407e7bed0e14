package com.databend.r2dbc.benchmarks.jmh;

import com.databend.r2dbc.internal.client.QueryResponse;
import com.databend.r2dbc.internal.client.ResponseParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Reading one type family through {@code Row.get(i)}: a page of {@value #ROWS} rows parsed, its rows made and every
 * cell read, so that the figures (per row) hold whatever the driver does at parse time and at read time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DecodeBenchmark {

    static final int ROWS = 1_000;

    @Param({"integers", "floats", "decimals", "strings", "temporals", "nested"})
    public String family;

    byte[] body;
    int columns;

    @Setup
    public void generatePage() {
        Family generated = Family.valueOf(family.toUpperCase(java.util.Locale.ROOT));
        body = Pages.body(generated.schema, ROWS, generated.row);
        columns = generated.schema.length;
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public int readEveryCell(Blackhole blackhole) throws IOException {
        QueryResponse page = ResponseParser.parseQueryResponse(body);
        int[] rows = {0};
        PageRows.forEachRow(page, row -> {
            for (int i = 0; i < columns; i++) {
                blackhole.consume(row.get(i));
            }
            rows[0]++;
        });
        return rows[0];
    }

    /** The columns of each family and the cells of row {@code i}, as Databend renders them (docs/protocol.md §5). */
    enum Family {
        INTEGERS(new String[][] {{"i32", "Int32"}, {"i64", "Int64"}, {"u64", "UInt64"}},
            i -> new String[] {Integer.toString(i * 7919 - 3_000_000), Long.toString(i * 1_000_003L * 7919),
                Long.toUnsignedString(-1L - i)}),
        FLOATS(new String[][] {{"f32", "Float32"}, {"f64", "Float64"}},
            i -> new String[] {Float.toString(i / 7f), Double.toString(i * Math.PI * 1e3)}),
        DECIMALS(new String[][] {{"d12", "Decimal(12, 2)"}, {"d38", "Decimal(38, 10)"}},
            i -> new String[] {(i * 37) + "." + String.format("%02d", i % 100),
                "1234567890123456789012345" + (i % 10) + "." + String.format("%010d", i * 12_345L)}),
        STRINGS(new String[][] {{"s", "String"}, {"nullable", "Nullable(String)"}},
            i -> new String[] {"customer #" + i + " from Zürich", i % 5 == 0 ? null : "note " + i}),
        TEMPORALS(new String[][] {{"d", "Date"}, {"ts", "Timestamp"}, {"tz", "Timestamp_Tz"}},
            i -> new String[] {
                java.time.LocalDate.ofEpochDay(19_000 + i % 1000).toString(),
                java.time.LocalDate.ofEpochDay(19_000 + i % 1000) + " 17:01:" + String.format("%02d", i % 60)
                    + ".123456",
                java.time.LocalDate.ofEpochDay(19_000 + i % 1000) + " 12:34:56.789000 +0600"}),
        NESTED(new String[][] {{"a", "Array(Int32 NULL)"}, {"m", "Map(String, Int64)"},
            {"t", "Tuple(String, Array(Int32))"}},
            i -> new String[] {"[" + i + "," + (i + 1) + ",NULL]", "{\"k" + i + "\":" + i + ",\"x\":2}",
                "(\"ab" + i + "\",[1,2," + i + "])"});

        final String[][] schema;
        final IntFunction<String[]> row;

        Family(String[][] schema, IntFunction<String[]> row) {
            this.schema = schema;
            this.row = row;
        }
    }
}
