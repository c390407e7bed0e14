package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The session tokens of one connection (docs/protocol.md §2.7, §7). Until a login hands over tokens, and when the
 * server gives none, requests carry the configured credentials. With tokens, requests carry the session token; it
 * is refreshed with the refresh token when a quarter of its life is left (half, before a request whose body cannot
 * be sent twice), and after a 401 with code 5101 (expired) or 5103 (unknown), after which the request is sent once
 * more. Refreshes that are needed at the same time are one request.
 */
public final class SessionTokens implements Credentials {

    static final int SESSION_TOKEN_EXPIRED = 5101;
    static final int SESSION_TOKEN_NOT_FOUND = 5103;

    private static final double REFRESH_WHEN_LEFT = 0.25;
    private static final double REFRESH_BEFORE_UNREPLAYABLE_WHEN_LEFT = 0.5;

    private final Credentials login;
    // guarded by this: the tokens in use and the refresh under way, if any
    private TokenPair current;
    private Mono<TokenPair> refreshing;
    private Function<TokenPair, Mono<TokenPair>> refresher;

    /** {@code login}: the configured credentials, for the login and when there are no tokens. */
    SessionTokens(Credentials login) {
        this.login = requireNonNull(login, "login must not be null");
    }

    /** Session tokens of a connection that logs in with {@code login}. */
    public static SessionTokens of(Credentials login) {
        return new SessionTokens(login);
    }

    /** The configured credentials, which a login carries. */
    Credentials login() {
        return login;
    }

    /** Takes the tokens of a login; {@code refresher} trades a pair for the next. */
    synchronized void start(TokenPair tokens, Function<TokenPair, Mono<TokenPair>> refresher) {
        this.current = requireNonNull(tokens, "tokens must not be null");
        this.refresher = requireNonNull(refresher, "refresher must not be null");
    }

    /** Whether requests carry a session token, which a logout drops. */
    synchronized boolean active() {
        return current != null;
    }

    @Override
    public Mono<Authorization> authorization(boolean replayable) {
        return Mono.defer(() -> {
            TokenPair tokens;
            synchronized (this) {
                tokens = current;
            }
            if (tokens == null) {
                return login.authorization(replayable);
            }
            double share = replayable ? REFRESH_WHEN_LEFT : REFRESH_BEFORE_UNREPLAYABLE_WHEN_LEFT;
            Mono<TokenPair> valid = tokens.lessLeftThan(share, System.nanoTime()) ? refresh(tokens) : Mono.just(tokens);
            return valid.map(pair -> Authorization.bearer(pair.sessionToken()));
        });
    }

    @Override
    public Mono<Boolean> renew(Authorization used, int code) {
        return Mono.defer(() -> {
            TokenPair tokens;
            synchronized (this) {
                tokens = current;
            }
            if (tokens == null) {
                return login.renew(used, code);
            }
            if (code != SESSION_TOKEN_EXPIRED && code != SESSION_TOKEN_NOT_FOUND) {
                return Mono.just(false);
            }
            if (!used.header().equals("Bearer " + tokens.sessionToken())) {
                // refreshed since this request went out
                return Mono.just(true);
            }
            return refresh(tokens).thenReturn(true);
        });
    }

    /** The pair after {@code stale}: the one in use when another refresh replaced it, else a new refresh. */
    private synchronized Mono<TokenPair> refresh(TokenPair stale) {
        if (current != stale) {
            return Mono.just(current);
        }
        if (refreshing == null) {
            refreshing = refresher.apply(stale)
                    .doOnNext(this::replace)
                    .doOnError(error -> clearRefreshing())
                    .cache();
        }
        return refreshing;
    }

    private synchronized void replace(TokenPair next) {
        current = next;
        refreshing = null;
    }

    private synchronized void clearRefreshing() {
        refreshing = null;
    }

    @Override
    public synchronized String toString() {
        return "SessionTokens{active=" + (current != null) + '}';
    }
}
