package com.databend.r2dbc.benchmarks.jmh;

import com.databend.r2dbc.internal.codec.ParameterEncoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Encoding one binding set of typical parameter values, as JSON {@code params} and as SQL literals; per value. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ParameterEncodeBenchmark {

    static final Object[] VALUES = {
        42, 9_007_199_254_740_993L, 1.0 / 3, new BigDecimal("12345.67"), "O'Reilly \\ \"quoted\"", true,
        LocalDate.of(2024, 4, 10), LocalDateTime.of(2024, 4, 10, 1, 2, 3, 456_000_000),
        OffsetDateTime.of(2024, 4, 16, 12, 34, 56, 789_000_000, ZoneOffset.ofHours(6)), List.of(1, 2, 3),
    };

    /** {@code VALUES.length}. */
    static final int COUNT = 10;

    private static final JsonFactory JSON = new JsonFactory();

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public String json() throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartArray();
            for (Object value : VALUES) {
                ParameterEncoder.writeJson(generator, value);
            }
            generator.writeEndArray();
        }
        return out.toString();
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public int sqlLiterals(Blackhole blackhole) {
        int length = 0;
        for (Object value : VALUES) {
            String literal = ParameterEncoder.toSqlLiteral(value);
            blackhole.consume(literal);
            length += literal.length();
        }
        return length;
    }
}
