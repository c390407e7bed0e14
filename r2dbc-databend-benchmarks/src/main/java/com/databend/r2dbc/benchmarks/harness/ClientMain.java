package com.databend.r2dbc.benchmarks.harness;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * A client JVM: {@code ClientMain <client> <job…>} ({@link Job#toArguments}) prepares, runs the measured work and
 * prints one {@link Measurement} line; any failure exits with status 1 after printing it on standard error.
 */
public final class ClientMain {

    private ClientMain() {
    }

    public static void main(String[] args) {
        try {
            System.out.println(measure(Client.named(args[0]), Job.fromArguments(List.of(args).subList(1,
                args.length))).toLine());
            System.out.flush();
            System.exit(0);
        } catch (Throwable e) {
            System.err.println("client " + Arrays.toString(args) + " failed:");
            e.printStackTrace();
            System.exit(1);
        }
    }

    static Measurement measure(Client client, Job job) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (client) {
            client.prepare(job);
            for (int i = 0; i < job.warmupBatches(); i++) {
                client.run(job);
            }
            System.gc();
            try (HeapWatch heap = new HeapWatch()) {
                long cpu = os.getProcessCpuTime();
                long wall = System.nanoTime();
                Outcome outcome = client.run(job);
                long wallNanos = System.nanoTime() - wall;
                long cpuNanos = os.getProcessCpuTime() - cpu + client.childProcessCpuNanos();
                long liveHeap = heap.live();
                // what was live was in use, though a collection may have lowered the reading since
                long peakHeap = Math.max(heap.peak(), liveHeap);
                int peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
                return new Measurement(client.readBack(job, outcome), cpuNanos, wallNanos, peakHeap, liveHeap,
                    peakThreads);
            }
        }
    }
}
