package com.databend.r2dbc.testsupport;

import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakTracker;

import java.util.function.Consumer;

/** Netty's detector, which still logs each leak and also hands it to the gate. */
final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private final Class<?> resource;

    private final Consumer<LeakReport> reports;

    RecordingLeakDetector(Class<?> resource, int samplingInterval, Consumer<LeakReport> reports) {
        super(resource, samplingInterval);
        this.resource = resource;
        this.reports = reports;
    }

    boolean detects(Class<?> type) {
        return resource == type;
    }

    /**
     * Makes the detector look at its reference queue now: Netty does so only when it tracks a new resource, so a
     * throw-away one is tracked and closed at once.
     */
    @SuppressWarnings("unchecked")
    void poll() {
        Object probe = new Object();
        ResourceLeakTracker<Object> tracker = ((ResourceLeakDetector<Object>) (ResourceLeakDetector<?>) this)
            .trackForcibly(probe);
        if (tracker != null) {
            tracker.close(probe);
        }
    }

    /** Reports even where no logger is bound: the gate must not depend on the logging backend. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        super.reportTracedLeak(resourceType, records);
        reports.accept(new LeakReport(resourceType, records));
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        super.reportUntracedLeak(resourceType);
        reports.accept(new LeakReport(resourceType, ""));
    }
}
