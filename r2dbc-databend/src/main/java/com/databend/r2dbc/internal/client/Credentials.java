package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Where the {@code Authorization} of each request comes from (docs/protocol.md §2.7): a password, a token as given,
 * a token file, a key-pair JWT or the session tokens of a login. Never blocks; never shows a secret.
 */
public interface Credentials {

    /**
     * The authorization for the next request. {@code replayable} is false for a request whose body cannot be sent
     * twice, so that whatever may run out soon is renewed before it rather than after a refusal.
     */
    Mono<Authorization> authorization(boolean replayable);

    /**
     * After {@code used} was refused with 401 and Databend's {@code code}: renews what can be renewed and emits
     * whether the request may be sent once more; an error when renewing failed for good.
     */
    default Mono<Boolean> renew(Authorization used, int code) {
        return Mono.just(false);
    }

    /**
     * The authorization of every request when it never changes (a password, a token as given), so that a request
     * takes it as it is, with nothing to renew after a 401; {@code null} when it is obtained per request.
     */
    default @Nullable Authorization constant() {
        return null;
    }

    /** Always {@code authorization}. */
    static Credentials fixed(Authorization authorization) {
        return new FixedCredentials(authorization);
    }

    /** The credentials a configuration names: a private key, a token file, a token, else user and password. */
    static Credentials of(DatabendConnectionConfiguration configuration) {
        if (configuration.privateKeyFile() != null) {
            return KeyPairCredentials.read(Path.of(configuration.privateKeyFile()),
                    configuration.privateKeyPassphrase(), configuration.user(), configuration.tenant());
        }
        if (configuration.accessTokenFile() != null) {
            return new TokenFileCredentials(Path.of(configuration.accessTokenFile()));
        }
        if (configuration.accessToken() != null) {
            return fixed(Authorization.bearer(configuration.accessToken()));
        }
        String password = configuration.password() == null ? "" : configuration.password().toString();
        String pair = configuration.user() + ":" + password;
        return fixed(new Authorization("Basic " + Base64.getEncoder().encodeToString(
                pair.getBytes(StandardCharsets.UTF_8)), false));
    }
}
