package com.databend.r2dbc.benchmarks.harness;

import java.util.HashMap;
import java.util.Map;

/**
 * One client run, as the client JVM reports it on a line of its standard output.
 *
 * @param outcome       what was read or written (read back from the server after a write)
 * @param cpuNanos      the client process's CPU time during the measured work, all threads (GC and JIT included)
 * @param wallNanos     the wall time of the measured work
 * @param peakHeapBytes the most heap in use during the work ({@link HeapWatch#peak})
 * @param liveHeapBytes the most heap still in use after a collection during the work ({@link HeapWatch#live})
 * @param peakThreads   the most live threads the JVM had
 */
record Measurement(Outcome outcome, long cpuNanos, long wallNanos, long peakHeapBytes, long liveHeapBytes,
                   int peakThreads) {

    static final String PREFIX = "RESULT ";

    String toLine() {
        return PREFIX + "rows=" + this.outcome.rows() + " checksum=" + this.outcome.checksum() + " cpuNanos="
            + this.cpuNanos + " wallNanos=" + this.wallNanos + " peakHeapBytes=" + this.peakHeapBytes
            + " liveHeapBytes=" + this.liveHeapBytes + " peakThreads=" + this.peakThreads;
    }

    static Measurement fromLine(String line) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
            int equals = pair.indexOf('=');
            values.put(pair.substring(0, equals), Long.parseLong(pair.substring(equals + 1)));
        }
        return new Measurement(new Outcome(value(values, "rows"), value(values, "checksum")),
            value(values, "cpuNanos"), value(values, "wallNanos"), value(values, "peakHeapBytes"),
            value(values, "liveHeapBytes"), Math.toIntExact(value(values, "peakThreads")));
    }

    private static long value(Map<String, Long> values, String name) {
        Long value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("result line without " + name);
        }
        return value;
    }
}
