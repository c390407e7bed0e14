package com.databend.r2dbc.benchmarks.harness;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The harness's command line: {@code [--scale F] [--runs N] [--warmups N] [--only a,b] [--delay-ms D]
 * [--client-jvm-options "…"]}.
 *
 * @param scale   a factor on every row and query count (1, the default, for the sizes of docs/benchmarks.md)
 * @param runs    measured rounds; each round runs every client of a scenario once, in turn
 * @param warmups rounds run first and dropped
 * @param only    the scenarios to run, by name; empty for all
 * @param delayMs the delay the delayed scenarios' server adds to every response
 * @param clientJvmOptions options for every client JVM, before the scenario's own (e.g. another collector)
 */
record HarnessOptions(double scale, int runs, int warmups, Set<String> only, int delayMs,
                      List<String> clientJvmOptions) {

    static final String USAGE = "usage: [--scale F] [--runs N] [--warmups N] [--only scenario,…] [--delay-ms D]"
        + " [--client-jvm-options \"-XX:… …\"]";

    HarnessOptions {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("--scale must be positive, not " + scale);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
        }
        if (warmups < 0) {
            throw new IllegalArgumentException("--warmups must not be negative, not " + warmups);
        }
        if (delayMs < 0) {
            throw new IllegalArgumentException("--delay-ms must not be negative, not " + delayMs);
        }
        only = Set.copyOf(only);
        clientJvmOptions = List.copyOf(clientJvmOptions);
    }

    static HarnessOptions defaults() {
        return new HarnessOptions(1, 5, 1, Set.of(), 20, List.of());
    }

    static HarnessOptions parse(List<String> arguments) {
        HarnessOptions defaults = defaults();
        double scale = defaults.scale;
        int runs = defaults.runs;
        int warmups = defaults.warmups;
        Set<String> only = defaults.only;
        int delayMs = defaults.delayMs;
        List<String> clientJvmOptions = defaults.clientJvmOptions;
        for (int i = 0; i < arguments.size(); i += 2) {
            String option = arguments.get(i);
            if (i + 1 >= arguments.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = arguments.get(i + 1);
            switch (option) {
                case "--scale" -> scale = number(option, value);
                case "--runs" -> runs = integer(option, value);
                case "--warmups" -> warmups = integer(option, value);
                case "--only" -> only = new LinkedHashSet<>(List.of(value.split(",")));
                case "--delay-ms" -> delayMs = integer(option, value);
                case "--client-jvm-options" -> clientJvmOptions = List.of(value.trim().split("\\s+"));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new HarnessOptions(scale, runs, warmups, only, delayMs, clientJvmOptions);
    }

    /** {@code count} scaled, never below {@code minimum}. */
    long scaled(long count, long minimum) {
        return Math.max(minimum, Math.round(count * this.scale));
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, not " + value);
        }
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, not " + value);
        }
    }
}
