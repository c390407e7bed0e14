package com.databend.r2dbc.testsupport;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** Makes every Netty leak detector a {@link RecordingLeakDetector} and keeps what they report until drained. */
final class RecordingLeakDetectorFactory extends ResourceLeakDetectorFactory {

    private final List<RecordingLeakDetector<?>> detectors = new CopyOnWriteArrayList<>();

    private final Queue<LeakReport> reports = new ConcurrentLinkedQueue<>();

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
        RecordingLeakDetector<T> detector = new RecordingLeakDetector<>(resource, samplingInterval, reports::add);
        detectors.add(detector);
        return detector;
    }

    /** Netty no longer uses {@code maxActive}; the detector is the same. */
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                               long maxActive) {
        return newResourceLeakDetector(resource, samplingInterval);
    }

    boolean created(Class<?> resource) {
        return detectors.stream().anyMatch(detector -> detector.detects(resource));
    }

    void pollAll() {
        detectors.forEach(RecordingLeakDetector::poll);
    }

    List<LeakReport> drain() {
        List<LeakReport> drained = new ArrayList<>();
        for (LeakReport report = reports.poll(); report != null; report = reports.poll()) {
            drained.add(report);
        }
        return drained;
    }
}
