package com.databend.r2dbc.benchmarks.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmarks still run and measure what they say: each method once with its result checked, then JMH itself. */
class BenchmarksSmokeTests {

    private final Blackhole blackhole = new Blackhole(
        "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void mixedPageMakesEveryRowAndReadsEveryCell() throws IOException {
        MixedPageBenchmark benchmark = new MixedPageBenchmark();
        benchmark.generatePage();

        assertThat(benchmark.parseIntoRows()).isEqualTo(MixedPageBenchmark.ROWS);
        assertThat(benchmark.readEveryCell(blackhole)).isEqualTo(MixedPageBenchmark.ROWS);
    }

    @Test
    void everyTypeFamilyDecodes() throws IOException {
        for (DecodeBenchmark.Family family : DecodeBenchmark.Family.values()) {
            DecodeBenchmark benchmark = new DecodeBenchmark();
            benchmark.family = family.name().toLowerCase(java.util.Locale.ROOT);
            benchmark.generatePage();

            assertThat(benchmark.readEveryCell(blackhole)).as(benchmark.family).isEqualTo(DecodeBenchmark.ROWS);
        }
    }

    @Test
    void parametersEncodeToTheirJsonAndSqlForms() throws IOException {
        ParameterEncodeBenchmark benchmark = new ParameterEncodeBenchmark();

        assertThat(benchmark.json()).isEqualTo("[42,9007199254740993,0.3333333333333333,12345.67,"
            + "\"O'Reilly \\\\ \\\"quoted\\\"\",true,\"2024-04-10\",\"2024-04-10 01:02:03.456000\","
            + "\"2024-04-16 12:34:56.789000 +0600\",[1,2,3]]");
        // the ten literals together, e.g. 'O''Reilly \\ "quoted"' and '2024-04-10 01:02:03.456000'
        assertThat(benchmark.sqlLiterals(blackhole)).isEqualTo(152);
    }

    @Test
    void batchSetsEncodeToTheSameCsvBothWays() {
        BatchEncodeBenchmark plain = new BatchEncodeBenchmark();
        plain.bindSets();
        BatchEncodeBenchmark rows = new BatchEncodeBenchmark();
        rows.bindSets();

        // ids 998976 to 999999: "998976,\"name-998976\",249744.0\n" is 22 bytes and the quarter, which ends in
        // .0, .25, .5 or .75 in turn (8, 9, 8, 9 bytes)
        long bytes = plain.plainRecords();
        assertThat(bytes).isEqualTo(rows.rows()).isEqualTo(1024 * 22 + 1024 / 4 * (8 + 9 + 8 + 9));
    }

    @Test
    void jmhRunsEveryBenchmark() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
            .include(MixedPageBenchmark.class.getName() + "|" + DecodeBenchmark.class.getName() + "|"
                + ParameterEncodeBenchmark.class.getName() + "|" + BatchEncodeBenchmark.class.getName())
            .param("family", "integers")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(50))
            .verbosity(VerboseMode.SILENT)
            .build()).run();

        assertThat(results).extracting(result -> result.getParams().getBenchmark().replaceAll(".*\\.", ""))
            .containsExactlyInAnyOrder("parseIntoRows", "readEveryCell", "readEveryCell", "json", "sqlLiterals",
                "plainRecords", "rows");
        assertThat(results).allSatisfy(result -> assertThat(result.getPrimaryResult().getScore()).isPositive());
    }
}
