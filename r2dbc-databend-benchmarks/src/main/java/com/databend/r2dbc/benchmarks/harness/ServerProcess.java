package com.databend.r2dbc.benchmarks.harness;

import com.databend.r2dbc.tck.server.DatabendTestServerMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The embedded server in a JVM of its own, so that its CPU is never the client's. */
final class ServerProcess implements AutoCloseable {

    /** The user every client signs in as (databend-jdbc sends no credentials for an empty password). */
    static final String USER = "benchmark";

    static final String PASSWORD = "benchmark";

    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;

    private final URI url;

    private ServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts a server on a free port, {@code delayMs} added to every response; its log goes to {@code log}. */
    static ServerProcess start(int delayMs, Path log) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--port", "0", "--user", USER + ":" + PASSWORD));
        if (delayMs > 0) {
            arguments.addAll(List.of("--response-delay-ms", Integer.toString(delayMs)));
        }
        Process process = new ProcessBuilder(Jvm.command(List.of(), DatabendTestServerMain.class, arguments))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.PIPE)
            .start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        try {
            String line = CompletableFuture.supplyAsync(() -> firstUrl(stdout))
                .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // the rest of its output goes to the log, so that the pipe never fills
            Thread drain = new Thread(() -> copy(stdout, log), "server-log");
            drain.setDaemon(true);
            drain.start();
            return new ServerProcess(process, URI.create(line));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
        }
    }

    /** The first line that is a URL; lines before it (warnings) are skipped, and shown if no URL comes. */
    private static String firstUrl(BufferedReader stdout) {
        try {
            List<String> skipped = new ArrayList<>();
            String line;
            while ((line = stdout.readLine()) != null) {
                if (line.startsWith("http://")) {
                    return line.trim();
                }
                skipped.add(line);
            }
            throw new IllegalStateException("the server exited before printing its URL:\n"
                + String.join("\n", skipped));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(BufferedReader from, Path log) {
        try (var to = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = from.readLine()) != null) {
                to.write(line);
                to.newLine();
            }
        } catch (IOException e) {
            // the server is gone; its log ends here
        }
    }

    URI url() {
        return this.url;
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroy();
        if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
            this.process.destroyForcibly().waitFor();
        }
    }
}
