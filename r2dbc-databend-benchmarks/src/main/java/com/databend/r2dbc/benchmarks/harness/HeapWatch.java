package com.databend.r2dbc.benchmarks.harness;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The heap of this JVM as each collection sees it: the most in use just before a collection (the peak, since the
 * heap only grows between collections) and the most still in use just after one (the live data). The heap pools'
 * own peaks cannot give the first: they peak at different moments, so their sum overstates it.
 */
final class HeapWatch implements NotificationListener, AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .map(MemoryPoolMXBean::getName)
        .collect(Collectors.toUnmodifiableSet());

    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();

    private long peakBeforeGc;

    private long peakAfterGc;

    private boolean collected;

    HeapWatch() {
        for (GarbageCollectorMXBean collector : this.collectors) {
            ((NotificationEmitter) collector).addNotificationListener(this, null, null);
        }
    }

    @Override
    public synchronized void handleNotification(Notification notification, Object handback) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        this.peakBeforeGc = Math.max(this.peakBeforeGc, heapUsed(info.getGcInfo().getMemoryUsageBeforeGc()));
        this.peakAfterGc = Math.max(this.peakAfterGc, heapUsed(info.getGcInfo().getMemoryUsageAfterGc()));
        this.collected = true;
    }

    /** The most heap in use: before the largest collection, after one (what it left was in use too), or now. */
    synchronized long peak() {
        return Math.max(Math.max(this.peakBeforeGc, this.peakAfterGc), usedNow());
    }

    /** The most heap still in use after a collection; what is in use now when nothing was collected. */
    synchronized long live() {
        return this.collected ? this.peakAfterGc : usedNow();
    }

    private long usedNow() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> this.heapPools.contains(pool.getName()))
            .mapToLong(pool -> pool.getUsage().getUsed())
            .sum();
    }

    private long heapUsed(Map<String, MemoryUsage> pools) {
        return pools.entrySet().stream()
            .filter(pool -> this.heapPools.contains(pool.getKey()))
            .mapToLong(pool -> pool.getValue().getUsed())
            .sum();
    }

    @Override
    public void close() throws ListenerNotFoundException {
        for (GarbageCollectorMXBean collector : this.collectors) {
            ((NotificationEmitter) collector).removeNotificationListener(this);
        }
    }
}
