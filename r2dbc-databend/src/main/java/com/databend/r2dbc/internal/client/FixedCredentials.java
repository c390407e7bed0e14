package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

import static java.util.Objects.requireNonNull;

/** Credentials that never change: a password or a token as given. Never shows the authorization. */
final class FixedCredentials implements Credentials {

    private final Authorization authorization;
    private final Mono<Authorization> value;

    FixedCredentials(Authorization authorization) {
        this.authorization = requireNonNull(authorization, "authorization must not be null");
        this.value = Mono.just(authorization);
    }

    @Override
    public Mono<Authorization> authorization(boolean replayable) {
        return value;
    }

    @Override
    public Authorization constant() {
        return authorization;
    }

    @Override
    public String toString() {
        return "FixedCredentials{***}";
    }
}
