package com.databend.r2dbc.tck.server.session;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Bearer tokens the server accepts for a user, standing in for the JWTs of an external issuer that Databend verifies
 * against its JWKS (docs/embedded-server.md): a test grants a token, later revokes it and grants the next one, as a
 * rotation would. An unknown token is refused with 5100, as Databend refuses a JWT when none is configured.
 */
public final class AccessTokens {

    private final Map<String, String> users = new ConcurrentHashMap<>();

    /** Accepts {@code token} for {@code user} from now on. */
    public void grant(String token, String user) {
        this.users.put(requireNonNull(token, "token must not be null"), requireNonNull(user, "user must not be null"));
    }

    /** Refuses {@code token} from now on. */
    public void revoke(String token) {
        this.users.remove(token);
    }

    /**
     * The user of {@code token}.
     *
     * @throws AuthenticationFailure 5100 when the token is not accepted
     */
    String verify(String token) {
        String user = this.users.get(token);
        if (user == null) {
            throw new AuthenticationFailure(5100,
                "JWT authentication failed: JWT auth is not configured on this server");
        }
        return user;
    }
}
