package com.databend.r2dbc.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** The Markdown docs/benchmarks.md holds: a table of medians per scenario, then its ratios. */
final class Report {

    private static final double MIB = 1024 * 1024;

    private Report() {
    }

    static String header(HarnessOptions options, String date) {
        return "Run of " + date + ": `--scale " + BigDecimal.valueOf(options.scale()).stripTrailingZeros()
            .toPlainString() + " --runs " + options.runs() + " --warmups "
            + options.warmups() + " --delay-ms " + options.delayMs()
            + (options.clientJvmOptions().isEmpty() ? "" : " --client-jvm-options \"" + String.join(" ",
                options.clientJvmOptions()) + "\"")
            + "`, Java " + System.getProperty("java.version")
            + ", " + Runtime.getRuntime().availableProcessors() + " processors, "
            + ManagementFactory.getOperatingSystemMXBean().getName() + " "
            + ManagementFactory.getOperatingSystemMXBean().getArch() + ". Medians of " + options.runs()
            + " interleaved runs after " + options.warmups() + " dropped warm-up round(s); every client in a fresh"
            + " JVM, the server in its own.\n";
    }

    static String markdown(ScenarioResult result) {
        Scenario scenario = result.scenario();
        String unit = scenario.unit();
        StringBuilder out = new StringBuilder();
        out.append("\n### `").append(scenario.name()).append("`: ").append(scenario.title()).append("\n\n");
        out.append("| client | wall (ms) | wall / ").append(unit).append(" (µs) | client CPU (ms) | CPU / ")
            .append(unit).append(" (µs) | ").append(scenario.units())
            .append(" / s | peak heap (MiB) | live heap (MiB) | peak threads |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Variant variant : result.runs().keySet()) {
            double wall = result.median(variant, Measurement::wallNanos);
            double cpu = result.median(variant, Measurement::cpuNanos);
            out.append("| ").append(variant.label())
                .append(" | ").append(format("%,.0f", wall / 1e6))
                .append(" | ").append(format("%,.2f", wall / 1e3 / scenario.unitCount()))
                .append(" | ").append(format("%,.0f", cpu / 1e6))
                .append(" | ").append(format("%,.2f", cpu / 1e3 / scenario.unitCount()))
                .append(" | ").append(format("%,.0f", scenario.unitCount() / (wall / 1e9)))
                .append(" | ").append(format("%,.1f", result.median(variant, Measurement::peakHeapBytes) / MIB))
                .append(" | ").append(format("%,.1f", result.median(variant, Measurement::liveHeapBytes) / MIB))
                .append(" | ").append(format("%,.0f", result.median(variant, Measurement::peakThreads)))
                .append(" |\n");
        }
        if (!scenario.comparisons().isEmpty()) {
            out.append("\n| ratio (medians) | client CPU | wall | peak heap | peak threads |\n");
            out.append("|---|---:|---:|---:|---:|\n");
            for (Scenario.Comparison comparison : scenario.comparisons()) {
                out.append("| ").append(comparison.subject().label()).append(" / ")
                    .append(comparison.baseline().label())
                    .append(" | ").append(ratio(result, comparison, Measurement::cpuNanos))
                    .append(" | ").append(ratio(result, comparison, Measurement::wallNanos))
                    .append(" | ").append(ratio(result, comparison, Measurement::peakHeapBytes))
                    .append(" | ").append(ratio(result, comparison, Measurement::peakThreads))
                    .append(" |\n");
            }
        }
        return out.toString();
    }

    /** A scenario that could not be measured, with the reason (a client's last lines of output). */
    static String failure(Scenario scenario, String reason) {
        return "\n### `" + scenario.name() + "`: " + scenario.title() + "\n\nFailed:\n\n```\n" + reason.strip()
            + "\n```\n";
    }

    private static String ratio(ScenarioResult result, Scenario.Comparison comparison,
                                ToLongFunction<Measurement> figure) {
        return format("%.2f×", result.median(comparison.subject(), figure)
            / result.median(comparison.baseline(), figure));
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
