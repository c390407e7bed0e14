package com.databend.r2dbc.tck.server.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads the {@code Authorization} header of a request (docs/protocol.md §2.5, §2.7) and answers the authenticated user
 * name.
 */
public final class BasicAuthentication {

    private final UserRegistry users;

    public BasicAuthentication(UserRegistry users) {
        this.users = requireNonNull(users, "users must not be null");
    }

    /**
     * @param authorizationHeaders every {@code Authorization} header value of the request
     * @return the user name
     * @throws AuthenticationFailure when the request is not authenticated
     */
    public String authenticate(List<String> authorizationHeaders) {
        if (authorizationHeaders == null || authorizationHeaders.isEmpty()) {
            throw new AuthenticationFailure(5100, "Authentication error: no authorization header provided");
        }
        if (authorizationHeaders.size() > 1) {
            throw new AuthenticationFailure(5100, "Authentication error: multiple authorization headers detected");
        }
        String header = authorizationHeaders.get(0).trim();
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationFailure(5100,
                "JWT authentication failed: JWT auth is not configured on this server");
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new AuthenticationFailure(5100, "Authentication error: bad authorization header");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailure(5100, "Authentication error: bad Basic auth header");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        this.users.authenticate(user, password);
        return user;
    }
}
