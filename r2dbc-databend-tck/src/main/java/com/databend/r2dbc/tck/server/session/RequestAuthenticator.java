package com.databend.r2dbc.tck.server.session;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Reads the {@code Authorization} header of a request (docs/protocol.md §2.5, §2.7): Basic, a Databend session
 * token, a key-pair JWT ({@code X-DATABEND-AUTH-METHOD: keypair}) or another Bearer token, which only
 * {@link AccessTokens} can accept.
 */
public final class RequestAuthenticator {

    /** Databend's tenant when its configuration names none. */
    public static final String DEFAULT_TENANT = "admin";

    private final BasicAuthentication basic;
    private final SessionTokenStore sessionTokens;
    private final AccessTokens accessTokens;
    private final KeyPairJwtVerifier keyPairs;

    public RequestAuthenticator(UserRegistry users, SessionTokenStore sessionTokens, AccessTokens accessTokens) {
        this.basic = new BasicAuthentication(users);
        this.sessionTokens = requireNonNull(sessionTokens, "sessionTokens must not be null");
        this.accessTokens = requireNonNull(accessTokens, "accessTokens must not be null");
        this.keyPairs = new KeyPairJwtVerifier(users);
    }

    /**
     * @param authorizationHeaders every {@code Authorization} header value of the request
     * @param authMethod           the {@code X-DATABEND-AUTH-METHOD} header, or {@code null}
     * @param tenant               the {@code X-DATABEND-TENANT} header, or {@code null}
     * @throws AuthenticationFailure when the request is not authenticated
     */
    public Authentication authenticate(List<String> authorizationHeaders, String authMethod, String tenant) {
        String token = bearer(authorizationHeaders);
        if (token == null) {
            return new Authentication(this.basic.authenticate(authorizationHeaders), Authentication.Kind.BASIC, null);
        }
        if (token.startsWith(SessionTokenStore.SESSION_PREFIX) || token.startsWith(SessionTokenStore.REFRESH_PREFIX)) {
            return new Authentication(this.sessionTokens.verifySession(token), Authentication.Kind.SESSION_TOKEN,
                token);
        }
        if ("keypair".equalsIgnoreCase(authMethod == null ? null : authMethod.trim())) {
            String issuerTenant = tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant.trim();
            return new Authentication(this.keyPairs.verify(token, issuerTenant), Authentication.Kind.KEY_PAIR, null);
        }
        return new Authentication(this.accessTokens.verify(token), Authentication.Kind.ACCESS_TOKEN, null);
    }

    /**
     * The refresh token of a {@code /v1/session/refresh} request.
     *
     * @throws AuthenticationFailure when the request carries no Bearer token
     */
    public String refreshToken(List<String> authorizationHeaders) {
        String token = bearer(authorizationHeaders);
        if (token == null) {
            throw new AuthenticationFailure(5100, "Authentication error: incorrect token type for this endpoint");
        }
        return token;
    }

    /** The Bearer token of the one {@code Authorization} header, or {@code null} when it is not Bearer. */
    private static String bearer(List<String> authorizationHeaders) {
        if (authorizationHeaders == null || authorizationHeaders.size() != 1) {
            return null;
        }
        String header = authorizationHeaders.get(0).trim();
        return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
