package com.databend.r2dbc.benchmarks.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar r2dbc-databend-benchmarks/target/harness.jar [options]} ({@link HarnessOptions}): runs the
 * end-to-end scenarios and prints their Markdown on standard output, progress on standard error; exits with 1 when
 * a scenario failed. Client logs of failed runs and the servers' logs stay in the printed work directory.
 */
public final class HarnessMain {

    private HarnessMain() {
    }

    public static void main(String[] args) throws Exception {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(List.of(args));
            Scenarios.selected(options);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        Path work = Files.createTempDirectory("r2dbc-databend-benchmarks");
        System.err.println("work directory: " + work);
        Harness harness = new Harness(options, System.out, System.err, work);
        harness.run();
        if (!harness.failures().isEmpty()) {
            System.err.println("failed: " + harness.failures() + "; logs in " + work);
            System.exit(1);
        }
    }
}
