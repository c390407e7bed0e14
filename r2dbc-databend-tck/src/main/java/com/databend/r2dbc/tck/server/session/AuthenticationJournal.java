package com.databend.r2dbc.tck.server.session;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What tests observe of authentication: the kind of credentials each recent request used and the 401 codes
 * answered. Never a secret.
 */
public final class AuthenticationJournal {

    private static final int KEPT = 1000;

    // formatted only when read: a request records three references
    private final Deque<Authenticated> recent = new ArrayDeque<>();
    private final Map<Integer, AtomicLong> refusals = new ConcurrentHashMap<>();

    /** A request to {@code path} authenticated with {@code kind}. */
    public void authenticated(String method, String path, Authentication.Kind kind) {
        synchronized (this.recent) {
            if (this.recent.size() == KEPT) {
                this.recent.removeFirst();
            }
            this.recent.addLast(new Authenticated(method, path, kind));
        }
    }

    /** A request answered 401 with {@code code}. */
    public void refused(int code) {
        this.refusals.computeIfAbsent(code, key -> new AtomicLong()).incrementAndGet();
    }

    /** The last requests that authenticated, oldest first: {@code "POST /v1/query SESSION_TOKEN"}. */
    public List<String> recent() {
        List<Authenticated> requests;
        synchronized (this.recent) {
            requests = List.copyOf(this.recent);
        }
        return requests.stream().map(Authenticated::toString).toList();
    }

    /** How many requests were answered 401 with {@code code}. */
    public long refusedCount(int code) {
        AtomicLong count = this.refusals.get(code);
        return count == null ? 0 : count.get();
    }

    private record Authenticated(String method, String path, Authentication.Kind kind) {

        @Override
        public String toString() {
            return this.method + " " + this.path + " " + this.kind;
        }
    }
}
