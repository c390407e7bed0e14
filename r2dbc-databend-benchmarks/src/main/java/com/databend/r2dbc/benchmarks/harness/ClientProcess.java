package com.databend.r2dbc.benchmarks.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one client run in a fresh JVM and reads its {@link Measurement}. */
final class ClientProcess {

    private static final long TIMEOUT_MINUTES = 30;

    private static final int LOG_TAIL_LINES = 30;

    private ClientProcess() {
    }

    /**
     * Runs {@code variant} with {@code jvmOptions} before its own; output and errors go to {@code log}, kept only
     * when the run fails.
     */
    static Measurement run(Variant variant, List<String> jvmOptions, Job job, Path log) throws IOException,
        InterruptedException {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(variant.jvmOptions());
        List<String> arguments = new ArrayList<>();
        arguments.add(variant.client());
        arguments.addAll(job.toArguments());
        Process process = new ProcessBuilder(Jvm.command(options, ClientMain.class, arguments))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException(variant.label() + " did not finish in " + TIMEOUT_MINUTES
                + " minutes; its output: " + log);
        }
        List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(variant.label() + " failed (exit " + process.exitValue() + "):\n"
                + String.join("\n", output.subList(Math.max(0, output.size() - LOG_TAIL_LINES), output.size())));
        }
        Files.delete(log);
        return output.stream()
            .filter(line -> line.startsWith(Measurement.PREFIX))
            .reduce((first, second) -> second)
            .map(Measurement::fromLine)
            .orElseThrow(() -> new IllegalStateException(variant.label() + " printed no result: " + output));
    }
}
