package com.databend.r2dbc.tck.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Faults the server injects into the next requests that match, for failure-handling tests of clients. Requests are
 * matched on {@code "<METHOD> <path>"}, e.g. {@code "GET /v1/query/.+/page/.+"}. Shared by all nodes of a server.
 * <ul>
 *     <li>{@link #failNext}: answered with a status (e.g. 503) and never reach the query engine, like a gateway
 *     refusing them;</li>
 *     <li>{@link #dropResponseOfNext}: processed (a page is handed out), then the connection is closed without an
 *     answer, as when a response is lost;</li>
 *     <li>{@link #truncateNext}: processed, then half of the body is sent and the connection closed;</li>
 *     <li>{@link #delayNext}: processed after a delay;</li>
 *     <li>{@link #delayEvery}: every matching request processed after a delay, until {@link #clear}ed, standing in
 *     for a network round trip.</li>
 * </ul>
 * A proxy in front of another server may take the faults with {@link #take} and inject them itself.
 */
public final class FaultInjector {

    /** What is done to a request: see the methods that arm each kind. */
    public enum Kind { FAIL, DROP_RESPONSE, TRUNCATE, DELAY }

    /** One armed fault. */
    public record Fault(Kind kind, Pattern request, int status, Duration delay) {
    }

    private static final class Armed {

        /** The {@code remaining} of a fault that never runs out. */
        static final int UNLIMITED = -1;

        private final Fault fault;

        private int remaining;

        Armed(Fault fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Armed> armed = new ArrayList<>();

    private final AtomicLong injected = new AtomicLong();

    /** The next {@code times} matching requests are answered with {@code status} and a JSON error body. */
    public FaultInjector failNext(String requestPattern, int times, int status) {
        return arm(new Fault(Kind.FAIL, Pattern.compile(requestPattern), status, Duration.ZERO), times);
    }

    /** The next {@code times} matching requests are processed, then their connection closes without a response. */
    public FaultInjector dropResponseOfNext(String requestPattern, int times) {
        return arm(new Fault(Kind.DROP_RESPONSE, Pattern.compile(requestPattern), 0, Duration.ZERO), times);
    }

    /** The next {@code times} matching requests are processed, then only half of their body is sent. */
    public FaultInjector truncateNext(String requestPattern, int times) {
        return arm(new Fault(Kind.TRUNCATE, Pattern.compile(requestPattern), 0, Duration.ZERO), times);
    }

    /** The next {@code times} matching requests are processed after {@code delay}. */
    public FaultInjector delayNext(String requestPattern, int times, Duration delay) {
        requireNonNull(delay, "delay must not be null");
        return arm(new Fault(Kind.DELAY, Pattern.compile(requestPattern), 0, delay), times);
    }

    /** Every matching request from now on is processed after {@code delay}, until {@link #clear}. */
    public synchronized FaultInjector delayEvery(String requestPattern, Duration delay) {
        requireNonNull(delay, "delay must not be null");
        this.armed.add(new Armed(new Fault(Kind.DELAY, Pattern.compile(requestPattern), 0, delay), Armed.UNLIMITED));
        return this;
    }

    /** Disarms every fault not injected yet. */
    public synchronized void clear() {
        this.armed.clear();
    }

    /** How many faults were injected so far. */
    public long injectedCount() {
        return this.injected.get();
    }

    private synchronized FaultInjector arm(Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1, not " + times);
        }
        this.armed.add(new Armed(fault, times));
        return this;
    }

    /** The fault for this request, consumed, or {@code null}. */
    public synchronized Fault take(String method, String path) {
        String request = method + " " + path;
        for (int i = 0; i < this.armed.size(); i++) {
            Armed candidate = this.armed.get(i);
            if (candidate.fault.request().matcher(request).matches()) {
                if (candidate.remaining != Armed.UNLIMITED && --candidate.remaining == 0) {
                    this.armed.remove(i);
                }
                this.injected.incrementAndGet();
                return candidate.fault;
            }
        }
        return null;
    }
}
