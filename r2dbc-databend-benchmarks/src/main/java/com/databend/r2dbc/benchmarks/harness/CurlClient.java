package com.databend.r2dbc.benchmarks.harness;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * curl itself uploading the bulk rows' CSV file to {@code /v1/streaming_load}, as Databend's documentation loads a
 * file: the floor of the bulk insert. curl runs under {@code bash}, whose {@code times} tells the CPU the two used,
 * which the JVM's own CPU time leaves out. The table is set up and read back over HTTP by a {@link RawClient}.
 */
final class CurlClient implements Client {

    static final String NAME = "curl";

    /** {@code times}' lines: the shell's user and system time, then its children's, e.g. {@code 0m0.003s 0m0.006s}. */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m(\\d+(?:\\.\\d+)?)s (\\d+)m(\\d+(?:\\.\\d+)?)s");

    private final RawClient http = new RawClient();

    private long childCpuNanos;

    /** Whether {@code bash} and {@code curl} are on the {@code PATH}. */
    static boolean available() {
        return onPath("bash") && onPath("curl");
    }

    @Override
    public void prepare(Job job) throws Exception {
        if (job.workload() != Workload.BULK_INSERT) {
            throw new IllegalArgumentException("curl only uploads the bulk rows, not " + job.workload());
        }
        this.http.prepare(job);
    }

    @Override
    public Outcome run(Job job) throws IOException, InterruptedException {
        List<String> command = List.of("bash", "-c", "curl \"$@\"; status=$?; times >&2; exit $status",
            "bash", "-sS", "--fail-with-body", "-u", ServerProcess.USER + ":" + ServerProcess.PASSWORD, "-X", "PUT",
            "-H", "X-DATABEND-SQL: INSERT INTO " + Workload.BULK_TABLE
                + " FROM @_databend_load FILE_FORMAT = (TYPE = CSV)",
            "-F", "upload=@" + job.csv(), job.server().resolve("/v1/streaming_load").toString());
        Path times = Files.createTempFile("curl-times", ".txt");
        try {
            Process curl = new ProcessBuilder(command).redirectError(times.toFile()).start();
            String response = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = curl.waitFor();
            List<String> errors = Files.readAllLines(times, StandardCharsets.UTF_8);
            if (status != 0) {
                throw new IOException("curl exited with " + status + ": " + response + " " + errors);
            }
            this.childCpuNanos = cpuNanos(errors);
        } finally {
            Files.delete(times);
        }
        return new Outcome(job.rows(), 0);
    }

    @Override
    public long childProcessCpuNanos() {
        return this.childCpuNanos;
    }

    @Override
    public Outcome readBack(Job job, Outcome measured) throws IOException, InterruptedException {
        return this.http.readBack(job, measured);
    }

    /** The user and system time of both lines of {@code times}: bash's own and curl's. */
    static long cpuNanos(List<String> timesOutput) {
        long nanos = 0;
        int lines = 0;
        for (String line : timesOutput) {
            Matcher times = TIMES.matcher(line.trim());
            if (times.matches()) {
                nanos += seconds(times.group(1), times.group(2)) + seconds(times.group(3), times.group(4));
                lines++;
            }
        }
        if (lines != 2) {
            throw new IllegalArgumentException("expected the two lines of bash's times, not " + timesOutput);
        }
        return nanos;
    }

    private static long seconds(String minutes, String seconds) {
        return Math.round((Long.parseLong(minutes) * 60 + Double.parseDouble(seconds)) * 1e9);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        this.http.close();
    }
}
