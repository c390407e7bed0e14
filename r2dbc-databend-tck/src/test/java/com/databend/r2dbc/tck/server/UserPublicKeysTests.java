package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several public keys per key-pair user (docs/protocol.md §2.7): {@code ALTER USER … WITH ADD PUBLIC_KEY},
 * {@code REMOVE PUBLIC_KEY LABEL / FINGERPRINT} and {@code SHOW PUBLIC KEYS FOR USER}, with Databend's columns and
 * error codes; a JWT signed by any of the user's keys authenticates.
 */
class UserPublicKeysTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension(b -> b.user("config_user", "pw1"));

    private static DatabendTestServer server;

    private static Http root;

    private static KeyPair generate() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String publicKey(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    private static String fingerprint(KeyPair keys) throws Exception {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(
            MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
    }

    /** A query as {@code user}, authenticated by a JWT of {@code keys}. */
    private static Http.Response queryAs(String user, KeyPair keys) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String signed = url.encodeToString("{\"alg\":\"EdDSA\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "." + url.encodeToString(("{\"sub\":\"" + user + "\",\"iss\":\"admin." + user + "\",\"iat\":" + now
            + ",\"exp\":" + (now + 60) + "}").getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(keys.getPrivate());
        signature.update(signed.getBytes(StandardCharsets.US_ASCII));
        String jwt = signed + "." + url.encodeToString(signature.sign());
        return new Http(server.baseUrl()).with("Authorization", "Bearer " + jwt)
            .with("X-DATABEND-AUTH-METHOD", "keypair").query("select 1");
    }

    private static void succeeds(String sql) {
        assertThat(root.query(sql).json().get("error")).as(sql).isNull();
    }

    private static void fails(String sql, long code, String message) {
        Map<String, Object> body = root.query(sql).json();
        assertThat(Json.at(body, "error.code")).as(sql).isEqualTo(code);
        assertThat(Json.at(body, "error.message")).as(sql).isEqualTo(message);
    }

    @SuppressWarnings("unchecked")
    private static List<List<String>> keysOf(String user) {
        Map<String, Object> body = root.query("SHOW PUBLIC KEYS FOR USER " + user).json();
        assertThat(body.get("error")).isNull();
        assertThat(body.get("schema")).isEqualTo(List.of(Map.of("name", "fingerprint", "type", "String"),
            Map.of("name", "label", "type", "String"), Map.of("name", "created_at", "type", "String")));
        return (List<List<String>>) body.get("data");
    }

    @Test
    void aKeyAddedBesideTheFirstAuthenticatesAndRemovingTheFirstRefusesItsJwts() throws Exception {
        KeyPair a = generate();
        KeyPair b = generate();
        succeeds("CREATE USER kr1 IDENTIFIED WITH key_pair BY '" + publicKey(a) + "'");
        succeeds("ALTER USER kr1 WITH ADD PUBLIC_KEY = '" + publicKey(b) + "' LABEL = 'b'");

        List<List<String>> keys = keysOf("kr1");
        assertThat(keys).extracting(row -> row.get(0)).containsExactly(fingerprint(a), fingerprint(b));
        assertThat(keys).extracting(row -> row.get(1)).containsExactly("", "b");
        assertThat(keys).extracting(row -> row.get(2))
            .allMatch(at -> at.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00"));
        assertThat(queryAs("kr1", a).json().get("state")).isEqualTo("Succeeded");
        assertThat(queryAs("kr1", b).json().get("state")).isEqualTo("Succeeded");

        succeeds("ALTER USER 'kr1'@'%' WITH REMOVE PUBLIC_KEY FINGERPRINT = '" + fingerprint(a) + "'");
        Http.Response refused = queryAs("kr1", a);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(Json.at(refused.json(), "error.code")).isEqualTo(5100L);
        assertThat(queryAs("kr1", b).json().get("state")).isEqualTo("Succeeded");

        KeyPair c = generate();
        succeeds("alter user kr1 with add public_key = '" + publicKey(c) + "' label = 'c', "
            + "remove public_key label = 'b'");
        assertThat(keysOf("kr1")).extracting(row -> row.get(1)).containsExactly("c");
        assertThat(queryAs("kr1", c).json().get("state")).isEqualTo("Succeeded");
        assertThat(queryAs("kr1", b).status()).isEqualTo(401);
        succeeds("DROP USER kr1");
    }

    @Test
    void refusedChangesHaveDatabendsCodesAndChangeNothing() throws Exception {
        KeyPair a = generate();
        KeyPair b = generate();
        succeeds("CREATE USER kr2 IDENTIFIED WITH key_pair BY '" + publicKey(a) + "'");
        succeeds("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(b) + "' LABEL = 'b'");

        fails("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(generate()) + "' LABEL = 'b'", 1006,
            "public key label 'b' already exists for this user");
        fails("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(a) + "'", 5100,
            "public key with fingerprint '" + fingerprint(a) + "' already exists");
        fails("ALTER USER kr2 WITH ADD PUBLIC_KEY = 'AAECAw=='", 5100,
            "invalid public key: not an RSA, EC or Ed25519 public key");
        fails("ALTER USER kr2 WITH REMOVE PUBLIC_KEY LABEL = 'nope'", 5100, "public key with label 'nope' not found");
        fails("ALTER USER kr2 WITH REMOVE PUBLIC_KEY FINGERPRINT = 'SHA256:x'", 5100,
            "public key with fingerprint 'SHA256:x' not found");
        // all or nothing: the key added first is not kept when the removal after it fails
        fails("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(generate()) + "' LABEL = 'c', "
            + "REMOVE PUBLIC_KEY LABEL = 'nope'", 5100, "public key with label 'nope' not found");
        assertThat(keysOf("kr2")).extracting(row -> row.get(1)).containsExactly("", "b");

        succeeds("ALTER USER kr2 WITH REMOVE PUBLIC_KEY LABEL = 'b'");
        fails("ALTER USER kr2 WITH REMOVE PUBLIC_KEY FINGERPRINT = '" + fingerprint(a) + "'", 5100,
            "cannot remove the last public key, user must have at least one key for key-pair authentication");
        for (int i = 1; i < 10; i++) {
            succeeds("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(generate()) + "'");
        }
        fails("ALTER USER kr2 WITH ADD PUBLIC_KEY = '" + publicKey(generate()) + "'", 1006,
            "cannot add public key: user already has 10 keys (max: 10)");
        assertThat(keysOf("kr2")).hasSize(10);

        succeeds("CREATE USER kr2_pw IDENTIFIED BY 'pw'");
        fails("ALTER USER kr2_pw WITH ADD PUBLIC_KEY = '" + publicKey(b) + "'", 5100,
            "user is not configured for key-pair authentication, use IDENTIFIED WITH key_pair BY '<key>' first");
        fails("ALTER USER kr2_pw WITH REMOVE PUBLIC_KEY LABEL = ''", 5100,
            "user is not configured for key-pair authentication");
        assertThat(keysOf("kr2_pw")).isEmpty();
        fails("ALTER USER nobody WITH ADD PUBLIC_KEY = '" + publicKey(b) + "'", 2201,
            "User 'nobody'@'%' does not exist.");
        fails("SHOW PUBLIC KEYS FOR USER nobody", 2201, "User 'nobody'@'%' does not exist.");
        fails("ALTER USER root WITH ADD PUBLIC_KEY = '" + publicKey(b) + "'", 2218,
            "Can not alter built-in user `root`");
        fails("ALTER USER config_user WITH ADD PUBLIC_KEY = '" + publicKey(b) + "'", 2218,
            "Can not alter built-in user `config_user`");

        Http user = new Http(server.baseUrl()).with("Authorization", Http.basic("kr2_pw", "pw"));
        assertThat(Json.at(user.query("SHOW PUBLIC KEYS FOR USER kr2").json(), "error.code")).isEqualTo(1063L);
        assertThat(Json.at(user.query("ALTER USER kr2 WITH REMOVE PUBLIC_KEY LABEL = ''").json(), "error.message"))
            .isEqualTo("Permission denied: privilege [Alter] is required on *.* for user 'kr2_pw'@'%'");
        succeeds("DROP USER kr2");
        succeeds("DROP USER kr2_pw");
    }
}
