package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session and refresh tokens, and key-pair users, as Databend answers them (docs/protocol.md §2.7, §7): the 401 bodies
 * of codes 5100-5104, refresh, logout, and JWTs signed by a registered public key.
 */
class SessionTokenTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b);

    private static DatabendTestServer server;

    private static Http root;

    private static Http bearer(String token, String... more) {
        Http http = new Http(server.baseUrl()).with("Authorization", "Bearer " + token);
        for (int i = 0; i < more.length; i += 2) {
            http = http.with(more[i], more[i + 1]);
        }
        return http;
    }

    private static String error(int code, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"}}";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> login() {
        Http.Response login = root.post("/v1/session/login", "{}", "Cookie", "cookie_enabled=true");
        assertThat(login.status()).isEqualTo(200);
        Map<String, Object> body = login.json();
        assertThat(List.copyOf(body.keySet())).containsExactly("version", "session_id",
            "server_max_arrow_result_version", "tokens");
        return (Map<String, Object>) body.get("tokens");
    }

    @Test
    void aLoginGivesTokensThatAuthenticateAndARefreshTradesThem() {
        Map<String, Object> tokens = login();
        assertThat(tokens.get("session_token_ttl_in_secs")).isEqualTo(3600L);
        String session = (String) tokens.get("session_token");
        String refresh = (String) tokens.get("refresh_token");
        assertThat(session).startsWith("bend-v1-s-");
        assertThat(refresh).startsWith("bend-v1-r-");

        assertThat(bearer(session).query("select 1").json().get("state")).isEqualTo("Succeeded");
        Http.Response wrongKind = bearer(refresh).query("select 1");
        assertThat(wrongKind.status()).isEqualTo(401);
        assertThat(wrongKind.body()).isEqualTo(error(5100, "Authentication error: incorrect token type for this endpoint"));
        assertThat(bearer(session).post("/v1/session/refresh", "{}").body())
            .isEqualTo(error(5100, "Authentication error: incorrect token type for this endpoint"));

        long refreshes = server.sessionTokens().refreshCount();
        Http.Response refreshed = bearer(refresh).post("/v1/session/refresh",
            "{\"session_token\":\"" + session + "\"}");
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(server.sessionTokens().refreshCount()).isEqualTo(refreshes + 1);
        String next = (String) refreshed.at("tokens.session_token");
        assertThat(next).startsWith("bend-v1-s-").isNotEqualTo(session);
        assertThat(bearer(session).query("select 1").body())
            .isEqualTo(error(5103, "Authentication failed: session token not found in database"));
        assertThat(bearer(next).query("select 1").json().get("state")).isEqualTo("Succeeded");

        assertThat(bearer(next).post("/v1/session/logout", "{}").body()).isEqualTo("{\"error\":null}");
        assertThat(bearer(next).query("select 1").body())
            .isEqualTo(error(5103, "Authentication failed: session token not found in database"));
        assertThat(bearer((String) refreshed.at("tokens.refresh_token")).post("/v1/session/refresh", "{}").body())
            .isEqualTo(error(5104, "Authentication failed: refresh token not found in database"));
    }

    @Test
    void expiredAndUnknownTokensHaveTheirCodes() {
        Map<String, Object> tokens = login();
        server.sessionTokens().expireSessionTokens();
        assertThat(bearer((String) tokens.get("session_token")).query("select 1").body())
            .isEqualTo(error(5101, "Authentication failed: session token has expired"));
        server.sessionTokens().expireRefreshTokens();
        assertThat(bearer((String) tokens.get("refresh_token")).post("/v1/session/refresh", "{}").body())
            .isEqualTo(error(5102, "Authentication failed: refresh token has expired"));
        assertThat(bearer("bend-v1-r-00000000000000000000000000000000").post("/v1/session/refresh", "{}").body())
            .isEqualTo(error(5104, "Authentication failed: refresh token not found in database"));
        assertThat(root.post("/v1/session/login?disable_session_token=true", "{}", "Cookie", "cookie_enabled=true")
            .json()).doesNotContainKey("tokens");
    }

    private static String jwt(KeyPair keys, String algorithm, String jca, String claims) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString(("{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}")
            .getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance(jca);
        signature.initSign(keys.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(signature.sign());
    }

    private static String claims(String user, String issuer, long expiresIn) {
        long now = Instant.now().getEpochSecond();
        return "{\"sub\":\"" + user + "\",\"iss\":\"" + issuer + "\",\"iat\":" + now + ",\"exp\":" + (now + expiresIn)
            + "}";
    }

    @Test
    void aKeyPairUserAuthenticatesWithJwtsOfItsKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        // a whole PEM, its line breaks as spaces: the JSON body of this client sends no raw line break
        String pem = "-----BEGIN PUBLIC KEY----- " + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
            .replace("\r\n", " ") + " -----END PUBLIC KEY-----";
        assertThat(root.query("CREATE USER kp1 IDENTIFIED WITH key_pair BY '" + pem + "'").json().get("error")).isNull();
        String sha = "SHA256withECDSAinP1363Format";

        Http keyPair = bearer(jwt(keys, "ES256", sha, claims("kp1", "admin.kp1", 60)),
            "X-DATABEND-AUTH-METHOD", "keypair");
        assertThat(keyPair.query("select 1").json().get("state")).isEqualTo("Succeeded");
        assertThat(server.authentications().recent()).last().isEqualTo("POST /v1/query KEY_PAIR");

        assertThat(bearer(jwt(keys, "ES256", sha, claims("kp1", "admin.kp1", 60))).query("select 1").body())
            .isEqualTo(error(5100, "JWT authentication failed: JWT auth is not configured on this server"));
        assertThat(bearer(jwt(keys, "ES256", sha, claims("kp1", "admin.kp1", -5)), "X-DATABEND-AUTH-METHOD",
            "keypair").query("select 1").body())
            .isEqualTo(error(5100, "Authentication failed: key-pair JWT: the token has expired"));
        assertThat(bearer(jwt(keys, "ES256", sha, claims("kp1", "other.kp1", 60)), "X-DATABEND-AUTH-METHOD",
            "keypair").query("select 1").body())
            .isEqualTo(error(5100, "Authentication failed: key-pair JWT: issuer claim must be 'admin.kp1'"));
        KeyPair other = generator.generateKeyPair();
        assertThat(bearer(jwt(other, "ES256", sha, claims("kp1", "admin.kp1", 60)), "X-DATABEND-AUTH-METHOD",
            "keypair").query("select 1").body())
            .isEqualTo(error(5100, "Authentication failed: key-pair JWT: signature verification failed"));
        assertThat(new Http(server.baseUrl()).with("Authorization", Http.basic("kp1", "")).query("select 1").body())
            .isEqualTo(error(5100,
                "Authentication failed: user exists but is not configured for password authentication"));

        assertThat(root.query("CREATE USER kp_short IDENTIFIED WITH key_pair BY 'AAECAw=='").at("error.message"))
            .isEqualTo("invalid public key: not an RSA, EC or Ed25519 public key");
        assertThat(root.query("DROP USER kp1").json().get("error")).isNull();
    }
}
