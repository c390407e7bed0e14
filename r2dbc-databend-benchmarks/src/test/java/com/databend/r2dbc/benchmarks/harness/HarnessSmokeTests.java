package com.databend.r2dbc.benchmarks.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole harness at a small scale: every workload with every client, each run in its own JVM against server JVMs
 * (the plain one and the delaying one), each checked against the rows the scenario expects (the harness fails on a
 * wrong count or checksum). Of the delayed scenarios only the read runs, to keep the test short: the others are the
 * plain ones' workloads against the same delaying server.
 */
class HarnessSmokeTests {

    @Test
    void everyScenarioRunsEveryClientAndReportsItsFigures(@TempDir Path work) throws Exception {
        // C1 only: these JVMs live a second, and the full optimiser would double the CPU of the 22 runs
        HarnessOptions options = HarnessOptions.parse(List.of("--scale", "0.0005", "--runs", "1", "--warmups", "0",
            "--delay-ms", "5", "--client-jvm-options", "-XX:TieredStopAtLevel=1", "--only",
            "read,read-small-heap,select-1,concurrent,bulk-insert,bulk-insert-warm,load-rows,read-delayed"));
        ByteArrayOutputStream markdown = new ByteArrayOutputStream();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Harness harness = new Harness(options, new PrintStream(markdown, true, StandardCharsets.UTF_8),
            new PrintStream(progress, true, StandardCharsets.UTF_8), work);
        List<ScenarioResult> results = harness.run();

        assertThat(harness.failures()).as(() -> markdown.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(results).extracting(result -> result.scenario().name()).containsExactly("read",
            "read-small-heap", "select-1", "concurrent", "bulk-insert", "bulk-insert-warm", "load-rows", "read-delayed");
        for (ScenarioResult result : results) {
            Outcome expected = result.scenario().expected();
            result.runs().forEach((variant, runs) -> {
                assertThat(runs).hasSize(1);
                Measurement run = runs.get(0);
                assertThat(run.outcome().rows()).as(result.scenario().name() + ", " + variant.label())
                    .isEqualTo(expected.rows());
                assertThat(run.cpuNanos()).isNotNegative(); // -1 where the JVM cannot tell; in 10 ms steps
                assertThat(run.wallNanos()).isPositive();
                assertThat(run.peakHeapBytes()).isPositive().isGreaterThanOrEqualTo(run.liveHeapBytes());
                assertThat(run.liveHeapBytes()).isPositive();
                assertThat(run.peakThreads()).isPositive();
            });
        }
        String report = markdown.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("### `read`: Mixed read of 2,500 rows\n",
            "| r2dbc-databend / databend-jdbc 0.2.8 |", "| r2dbc-databend -Xmx16m / r2dbc-databend |",
            "| databend-jdbc 0.2.8, 10 threads |",
            "### `read-delayed`: Mixed read of 1,000 rows, 5 ms added to every response");
        // three clients for the reads but two for concurrency and small heap, one for load-rows; curl if installed
        assertThat(progress.toString(StandardCharsets.UTF_8).lines()).hasSize(CurlClient.available() ? 22 : 20);
        for (ScenarioResult bulk : results.subList(4, 6)) {
            assertThat(bulk.runs().keySet()).extracting(Variant::client)
                .containsExactlyElementsOf(CurlClient.available() ? List.of("r2dbc", "jdbc", "raw", "curl")
                    : List.of("r2dbc", "jdbc", "raw"));
        }
        // the warm scenario's table holds its unmeasured batches too
        assertThat(results.get(5).scenario().expected().rows())
            .isEqualTo((1 + Scenarios.WARMUP_BATCHES) * results.get(4).scenario().rows());
    }

    @Test
    void aFailedScenarioIsReportedAndTheNextOneStillRuns(@TempDir Path work) throws Exception {
        HarnessOptions options = HarnessOptions.parse(List.of("--scale", "0.0005", "--runs", "1", "--warmups", "0",
            "--only", "select-1,load-rows", "--client-jvm-options", "-XX:+NoSuchBenchmarkOption"));
        ByteArrayOutputStream markdown = new ByteArrayOutputStream();
        Harness harness = new Harness(options, new PrintStream(markdown, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), work);

        assertThat(harness.run()).isEmpty();

        assertThat(harness.failures()).containsExactly("select-1", "load-rows");
        String report = markdown.toString(StandardCharsets.UTF_8);
        assertThat(report).contains("### `select-1`: 10 × SELECT 1, one after another\n\nFailed:\n\n```\n"
            + "r2dbc-databend failed (exit 1):\n", "### `load-rows`: ",
            "Unrecognized VM option 'NoSuchBenchmarkOption'");
    }
}
