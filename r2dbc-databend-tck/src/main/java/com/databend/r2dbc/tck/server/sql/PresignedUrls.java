package com.databend.r2dbc.tck.server.sql;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The URLs {@code PRESIGN} hands out (docs/protocol.md §8.5): each names one stage file and one method, and the server
 * serves it under {@code /v1/presigned/<token>} until it expires, as object storage serves a signed URL.
 */
public final class PresignedUrls {

    /** The path prefix the nodes serve presigned URLs under. */
    public static final String PATH = "/v1/presigned/";

    /** What one URL allows. */
    public record Grant(String method, String location, Instant expiresAt) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();

    private final Clock clock;

    private volatile String baseUrl = "http://127.0.0.1:8000";

    private volatile boolean supported = true;

    private final AtomicLong served = new AtomicLong();

    private final AtomicLong servedWithCredentials = new AtomicLong();

    PresignedUrls(Clock clock) {
        this.clock = requireNonNull(clock, "clock must not be null");
    }

    /** The node URL the presigned URLs point at (the first node of the server). */
    public void serveAt(String baseUrl) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl must not be null");
    }

    /**
     * Whether {@code PRESIGN} answers a URL; when not, it fails as Databend does on a storage that cannot presign
     * (the local file system): code 3902, {@code StorageUnsupported}. Clients that detect presigning fall back then.
     */
    public void supported(boolean supported) {
        this.supported = supported;
    }

    boolean supported() {
        return this.supported;
    }

    /** Counts one request to a presigned URL; {@code credentials} when it carried an Authorization or a Cookie. */
    public void served(boolean credentials) {
        this.served.incrementAndGet();
        if (credentials) {
            this.servedWithCredentials.incrementAndGet();
        }
    }

    /** Requests to presigned URLs so far, answered or refused. */
    public long servedCount() {
        return this.served.get();
    }

    /** Of {@link #servedCount()}, those that carried an Authorization header or a Cookie. */
    public long servedWithCredentialsCount() {
        return this.servedWithCredentials.get();
    }

    /** A URL that lets {@code method} ({@code PUT} or {@code GET}) reach {@code location} for {@code lifetime}. */
    String grant(String method, String location, Duration lifetime) {
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        String id = HexFormat.of().formatHex(token);
        this.grants.put(id, new Grant(method, location, this.clock.instant().plus(lifetime)));
        return this.baseUrl + PATH + id;
    }

    /**
     * The grant of {@code token} when it exists, allows {@code method} and has not expired; {@code null} otherwise.
     * An expired grant is forgotten.
     */
    public Grant find(String token, String method) {
        Grant grant = this.grants.get(token);
        if (grant == null) {
            return null;
        }
        if (!this.clock.instant().isBefore(grant.expiresAt())) {
            this.grants.remove(token);
            return null;
        }
        return grant.method().equals(method) ? grant : null;
    }
}
