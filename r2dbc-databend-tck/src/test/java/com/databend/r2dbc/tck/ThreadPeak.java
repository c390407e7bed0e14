package com.databend.r2dbc.tck;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The most live threads whose names start with a prefix, sampled every 20 ms from {@link #watch} to {@link #close}. */
public final class ThreadPeak implements AutoCloseable {

    private final String prefix;

    private final AtomicInteger peak = new AtomicInteger();

    private final Disposable sampler;

    private ThreadPeak(String prefix) {
        this.prefix = prefix;
        this.sampler = Flux.interval(Duration.ZERO, Duration.ofMillis(20)).subscribe(tick -> sample());
    }

    public static ThreadPeak watch(String prefix) {
        return new ThreadPeak(prefix);
    }

    /** Samples now too, so that a moment the caller knows to matter is in the peak. */
    public int sample() {
        int live = (int) Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith(this.prefix))
            .count();
        return this.peak.accumulateAndGet(live, Math::max);
    }

    public int peak() {
        return this.peak.get();
    }

    @Override
    public void close() {
        this.sampler.dispose();
    }
}
