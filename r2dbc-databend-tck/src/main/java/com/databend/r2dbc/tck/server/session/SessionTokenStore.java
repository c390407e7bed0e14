package com.databend.r2dbc.tck.server.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Databend's session and refresh tokens (docs/protocol.md §2.7, §7), shared by every node: issued at login, traded at
 * refresh, dropped at logout, and checked on every request that carries one. Stricter than Databend, which keeps
 * replaced tokens for a short grace period: a session token replaced by a refresh is unknown at once. An expired session token is refused
 * with 5101, an unknown one with 5103; an expired refresh token with 5102, an unknown one with 5104. Tests shorten
 * the lifetimes and expire or forget every token at once.
 */
public final class SessionTokenStore {

    static final String SESSION_PREFIX = "bend-v1-s-";
    static final String REFRESH_PREFIX = "bend-v1-r-";

    /** One token pair: {@code sessionTtl} is what {@code session_token_ttl_in_secs} says. */
    public record Tokens(String sessionToken, String refreshToken, long sessionTtlSecs) {

        @Override
        public String toString() {
            return "Tokens{ttl=" + sessionTtlSecs + "s}";
        }
    }

    /** {@code refreshToken}: the refresh token issued with a session token, {@code null} for a refresh token. */
    private record Entry(String user, Instant expiry, String refreshToken) {
    }

    private final Map<String, Entry> sessionTokens = new ConcurrentHashMap<>();
    private final Map<String, Entry> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong refreshed = new AtomicLong();
    private final long sessionTtlSecs;
    private final long refreshTtlSecs;

    public SessionTokenStore(long sessionTtlSecs, long refreshTtlSecs) {
        if (sessionTtlSecs < 1 || refreshTtlSecs < 1) {
            throw new IllegalArgumentException("token lifetimes must be at least one second");
        }
        this.sessionTtlSecs = sessionTtlSecs;
        this.refreshTtlSecs = refreshTtlSecs;
    }

    /** A new pair for {@code user}, as a login answers it. */
    public Tokens issue(String user) {
        requireNonNull(user, "user must not be null");
        this.issued.incrementAndGet();
        return newPair(user);
    }

    private Tokens newPair(String user) {
        Instant now = Instant.now();
        String session = SESSION_PREFIX + UUID.randomUUID().toString().replace("-", "");
        String refresh = REFRESH_PREFIX + UUID.randomUUID().toString().replace("-", "");
        this.sessionTokens.put(session, new Entry(user, now.plusSeconds(this.sessionTtlSecs), refresh));
        this.refreshTokens.put(refresh, new Entry(user, now.plusSeconds(this.refreshTtlSecs), null));
        return new Tokens(session, refresh, this.sessionTtlSecs);
    }

    /**
     * The user of a session token.
     *
     * @throws AuthenticationFailure 5100 for a refresh token, 5101 when expired, 5103 when unknown
     */
    public String verifySession(String token) {
        return valid(this.sessionTokens, token, REFRESH_PREFIX, "session", 5101, 5103).user();
    }

    /**
     * {@code POST /v1/session/refresh}: a new pair for the refresh token's user; {@code oldSessionToken}, when
     * given, is dropped.
     *
     * @throws AuthenticationFailure 5100 for a session token, 5102 when expired, 5104 when unknown
     */
    public Tokens refresh(String refreshToken, String oldSessionToken) {
        Entry entry = valid(this.refreshTokens, refreshToken, SESSION_PREFIX, "refresh", 5102, 5104);
        if (oldSessionToken != null) {
            this.sessionTokens.remove(oldSessionToken);
        }
        this.refreshed.incrementAndGet();
        return newPair(entry.user());
    }

    /** The entry of {@code token} in {@code tokens}, a {@code kind} token, when it is of that kind, known and alive. */
    private static Entry valid(Map<String, Entry> tokens, String token, String otherKindPrefix, String kind,
                               int expiredCode, int unknownCode) {
        if (token.startsWith(otherKindPrefix)) {
            throw new AuthenticationFailure(5100, "Authentication error: incorrect token type for this endpoint");
        }
        Entry entry = tokens.get(token);
        if (entry == null) {
            throw new AuthenticationFailure(unknownCode, "Authentication failed: " + kind
                + " token not found in database");
        }
        if (!Instant.now().isBefore(entry.expiry())) {
            throw new AuthenticationFailure(expiredCode, "Authentication failed: " + kind + " token has expired");
        }
        return entry;
    }

    /** Logout: the session token and the refresh token issued with it are no longer known. */
    public void drop(String sessionToken) {
        Entry entry = this.sessionTokens.remove(sessionToken);
        if (entry != null) {
            this.refreshTokens.remove(entry.refreshToken());
        }
    }

    /** Pairs issued by logins. */
    public long issuedCount() {
        return this.issued.get();
    }

    /** Successful refreshes. */
    public long refreshCount() {
        return this.refreshed.get();
    }

    /** Session tokens not dropped (expired ones included). */
    public int sessionTokenCount() {
        return this.sessionTokens.size();
    }

    /** Makes every session token issued so far expired (5101 from now on). */
    public void expireSessionTokens() {
        expire(this.sessionTokens);
    }

    /** Makes every refresh token issued so far expired (5102 from now on). */
    public void expireRefreshTokens() {
        expire(this.refreshTokens);
    }

    /** Forgets every session token issued so far, as a restarted server would (5103 from now on). */
    public void forgetSessionTokens() {
        this.sessionTokens.clear();
    }

    private static void expire(Map<String, Entry> tokens) {
        Instant past = Instant.now().minus(Duration.ofSeconds(1));
        tokens.replaceAll((token, entry) -> new Entry(entry.user(), past, entry.refreshToken()));
    }
}
