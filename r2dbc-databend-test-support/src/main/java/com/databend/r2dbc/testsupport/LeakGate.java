package com.databend.r2dbc.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes Netty report every leak that is pending now, instead of at some later allocation after some later GC,
 * and fails with the reports.
 * <p>
 * Netty learns of a leak only when the garbage collector has cleared the leaked resource's tracker, and says so
 * only when the same detector next tracks a resource. {@link #collect()} forces both: a full GC, a bounded wait
 * for the cleared references to be enqueued, then a poll of every detector. It does so twice: references the
 * first GC cleared may still be on their way to the detectors' queues when the wait ends, and a finaliser or
 * cleaner the first GC ran may have dropped the last hold on another resource. Each round costs a full GC (about
 * 70 ms in this build's test JVMs).
 */
public final class LeakGate {

    private static final int ROUNDS = 2;

    private static final long ENQUEUE_WAIT_MILLIS = 1000;

    private static LeakGate installed;

    private final RecordingLeakDetectorFactory factory;

    private LeakGate(RecordingLeakDetectorFactory factory) {
        this.factory = factory;
    }

    /**
     * The gate, installed in this JVM on the first call. It must come before anything initialises Netty's buffer
     * classes, whose detector is created once; it fails if it came too late or if detection is not paranoid.
     */
    public static synchronized LeakGate install() {
        if (installed == null) {
            requireParanoidDetection();
            RecordingLeakDetectorFactory factory = new RecordingLeakDetectorFactory();
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(factory);
            Unpooled.buffer(1).release();
            if (!factory.created(ByteBuf.class)) {
                throw new IllegalStateException("Netty's buffer classes were initialised before the leak gate was"
                    + " installed, so leaked buffers would go unseen");
            }
            installed = new LeakGate(factory);
        }
        return installed;
    }

    /** Fails unless Netty traces every buffer, which is what makes a leak in any test visible. */
    public static void requireParanoidDetection() {
        ResourceLeakDetector.Level level = ResourceLeakDetector.getLevel();
        if (level != ResourceLeakDetector.Level.PARANOID) {
            throw new IllegalStateException("Netty leak detection is " + level + ", the tests need PARANOID:"
                + " run the JVM with -Dio.netty.leakDetectionLevel=paranoid (the parent pom's surefire argLine)");
        }
    }

    /** The leaks Netty reports once forced to, and those it reported since the last call; none are kept. */
    public List<LeakReport> collect() {
        for (int round = 0; round < ROUNDS; round++) {
            collectGarbage();
            factory.pollAll();
        }
        return factory.drain();
    }

    /** Fails with every pending leak, naming where the check ran. */
    public void check(String where) {
        List<LeakReport> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " leaked Netty resource(s) found after " + where + ":\n"
                + leaks.stream().map(LeakReport::message).collect(Collectors.joining("\n")));
        }
    }

    private static void collectGarbage() {
        ReferenceQueue<Object> cleared = new ReferenceQueue<>();
        WeakReference<Object> sentinel = new WeakReference<>(new Object(), cleared);
        System.gc();
        System.runFinalization();
        try {
            // the GC that cleared the sentinel cleared Netty's trackers too; they are enqueued alongside it
            cleared.remove(ENQUEUE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sentinel.clear();
    }
}
