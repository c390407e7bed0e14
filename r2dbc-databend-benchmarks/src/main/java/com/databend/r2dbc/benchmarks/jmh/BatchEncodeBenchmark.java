package com.databend.r2dbc.benchmarks.jmh;

import com.databend.r2dbc.internal.codec.CsvRowEncoder;
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

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Encoding the binding sets of the bulk insert, {@code (BIGINT, VARCHAR, DOUBLE)} as the harness binds them, to CSV
 * chunks of 64 KiB; per binding set. {@code plainRecords} is what a statement does at {@code add()}
 * ({@code CsvRowEncoder.writePlainRow}), {@code rows} the general row path (loadRows and batches of other values).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class BatchEncodeBenchmark {

    static final int SETS = 1024;

    private static final int CHUNK_BYTES = 64 * 1024;

    private final Object[][] sets = new Object[SETS][];

    private final CsvRowEncoder encoder = new CsvRowEncoder(3, CHUNK_BYTES + CHUNK_BYTES / 4, false);

    @Setup
    public void bindSets() {
        for (int i = 0; i < SETS; i++) {
            long id = 1_000_000L - SETS + i;
            sets[i] = new Object[] {id, "name-" + id, id * 0.25};
        }
    }

    @Benchmark
    @OperationsPerInvocation(SETS)
    public long plainRecords() {
        return encodeAll(encoder::writePlainRow);
    }

    @Benchmark
    @OperationsPerInvocation(SETS)
    public long rows() {
        return encodeAll(encoder::writeRow);
    }

    /** The bytes encoded, so that nothing is left out as dead code. */
    private long encodeAll(Consumer<Object[]> write) {
        long bytes = 0;
        for (Object[] set : sets) {
            write.accept(set);
            if (encoder.size() >= CHUNK_BYTES) {
                bytes += encoder.size();
                encoder.takeChunk();
            }
        }
        return bytes + encoder.size();
    }
}
