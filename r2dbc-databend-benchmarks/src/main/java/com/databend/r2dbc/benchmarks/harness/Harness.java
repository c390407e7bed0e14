package com.databend.r2dbc.benchmarks.harness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the selected scenarios: one server for the plain scenarios and one that delays every response, each started
 * when first needed; per scenario, rounds of every variant in turn (A B C A B C …), each checked against what the
 * scenario expects, the warm-up rounds dropped; the Markdown of each scenario printed as soon as it is done. A
 * scenario whose client fails or reads wrong rows is reported as failed, and the run goes on with the next one.
 */
final class Harness {

    private final HarnessOptions options;

    private final PrintStream out;

    private final PrintStream progress;

    private final Path work;

    private ServerProcess plain;

    private ServerProcess delayed;

    private final List<String> failures = new ArrayList<>();

    /** Markdown goes to {@code out}, a line per client run to {@code progress}; logs go under {@code work}. */
    Harness(HarnessOptions options, PrintStream out, PrintStream progress, Path work) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.work = work;
    }

    List<ScenarioResult> run() throws IOException, InterruptedException {
        List<Scenario> scenarios = Scenarios.selected(this.options);
        this.out.print(Report.header(this.options, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        List<ScenarioResult> results = new ArrayList<>();
        try {
            for (Scenario scenario : scenarios) {
                try {
                    ScenarioResult result = run(scenario);
                    results.add(result);
                    this.out.print(Report.markdown(result));
                } catch (IllegalStateException e) {
                    this.failures.add(scenario.name());
                    this.out.print(Report.failure(scenario, e.getMessage()));
                }
                this.out.flush();
            }
        } finally {
            closeServers();
        }
        return results;
    }

    /** The names of the scenarios that failed in {@link #run()}. */
    List<String> failures() {
        return List.copyOf(this.failures);
    }

    private ScenarioResult run(Scenario scenario) throws IOException, InterruptedException {
        Path csv = scenario.workload() == Workload.BULK_INSERT ? writeCsv(scenario.rows()) : null;
        Job job = scenario.job(server(scenario.delayed()).url(), csv);
        Outcome expected = scenario.expected();
        Map<Variant, List<Measurement>> runs = new LinkedHashMap<>();
        scenario.variants().forEach(variant -> runs.put(variant, new ArrayList<>()));
        try {
            for (int round = 0; round < this.options.warmups() + this.options.runs(); round++) {
                for (Variant variant : scenario.variants()) {
                    Path log = this.work.resolve(scenario.name() + "-" + variant.client() + "-" + round + ".log");
                    Measurement measurement = ClientProcess.run(variant, this.options.clientJvmOptions(), job,
                        log);
                    scenario.verify(variant, measurement.outcome(), expected);
                    this.progress.printf("%s, round %d/%d%s, %s: %,d ms%n", scenario.name(), round + 1,
                        this.options.warmups() + this.options.runs(), round < this.options.warmups() ? " (warm-up)"
                            : "", variant.label(), measurement.wallNanos() / 1_000_000);
                    if (round >= this.options.warmups()) {
                        runs.get(variant).add(measurement);
                    }
                }
            }
        } finally {
            if (csv != null) {
                Files.delete(csv);
            }
        }
        return new ScenarioResult(scenario, runs);
    }

    private ServerProcess server(boolean delay) throws IOException, InterruptedException {
        if (delay && this.delayed == null) {
            this.delayed = ServerProcess.start(this.options.delayMs(), this.work.resolve("server-delayed.log"));
        }
        if (!delay && this.plain == null) {
            this.plain = ServerProcess.start(0, this.work.resolve("server.log"));
        }
        return delay ? this.delayed : this.plain;
    }

    private void closeServers() throws InterruptedException {
        for (ServerProcess server : Stream.of(this.plain, this.delayed).filter(s -> s != null).toList()) {
            server.close();
        }
        this.plain = null;
        this.delayed = null;
    }

    /** The bulk rows as the ready CSV file the raw client uploads: the values the other clients bind. */
    private Path writeCsv(long rows) throws IOException {
        Path csv = this.work.resolve("bulk-rows.csv");
        try (BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (long id = 0; id < rows; id++) {
                writer.append(Long.toString(id)).append(',').append(Workload.bulkName(id)).append(',')
                    .append(Double.toString(Workload.bulkValue(id))).append('\n');
            }
        }
        return csv;
    }
}
