package com.databend.r2dbc.tck.server.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Databend's key-pair authentication (docs/protocol.md §2.7): a {@code Bearer} JWT with
 * {@code X-DATABEND-AUTH-METHOD: keypair}, whose {@code sub} names a user registered with
 * {@code IDENTIFIED WITH key_pair}, whose {@code iss} is {@code <tenant>.<sub>}, with {@code iat} not in the future
 * and {@code exp} not passed, signed by one of the user's public keys with RS256, ES256, ES384 or EdDSA. Verified
 * with the JDK.
 */
final class KeyPairJwtVerifier {

    private static final JsonFactory JSON = new JsonFactory();

    private static final Map<String, String> SIGNATURES = Map.of(
        "RS256", "SHA256withRSA",
        "ES256", "SHA256withECDSAinP1363Format",
        "ES384", "SHA384withECDSAinP1363Format",
        "EdDSA", "Ed25519");

    private static final Map<String, String> KEY_TYPES = Map.of(
        "RS256", "RSA", "ES256", "EC", "ES384", "EC", "EdDSA", "Ed25519");

    /** Clock skew accepted for {@code iat}. */
    private static final long LEEWAY_SECS = 60;

    private final UserRegistry users;

    KeyPairJwtVerifier(UserRegistry users) {
        this.users = requireNonNull(users, "users must not be null");
    }

    /**
     * The user the JWT authenticates.
     *
     * @param tenant the request's tenant
     * @throws AuthenticationFailure when it does not
     */
    String verify(String jwt, String tenant) {
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            throw failure("the token is not a JWT");
        }
        Map<String, Object> header = decode(parts[0]);
        Map<String, Object> claims = decode(parts[1]);
        String algorithm = header.get("alg") instanceof String alg ? alg : null;
        if (algorithm == null || !SIGNATURES.containsKey(algorithm)) {
            throw failure("unsupported algorithm " + algorithm + "; RS256, ES256, ES384 and EdDSA are accepted");
        }
        if (!(claims.get("sub") instanceof String user) || user.isEmpty()) {
            throw failure("subject claim (user name) is missing in the token");
        }
        if (!(tenant + "." + user).equals(claims.get("iss"))) {
            throw failure("issuer claim must be '" + tenant + "." + user + "'");
        }
        List<PublicKey> keys = this.users.publicKeys(user);
        if (keys.isEmpty()) {
            throw new AuthenticationFailure(5100,
                "Authentication failed: user exists but is not configured for key-pair authentication");
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw failure("the signature is not base64url");
        }
        if (keys.stream().noneMatch(key -> verifies(key, algorithm, signed, signature))) {
            throw failure("signature verification failed");
        }
        long now = Instant.now().getEpochSecond();
        if (!(claims.get("exp") instanceof Long exp) || exp <= now) {
            throw failure("the token has expired");
        }
        if (!(claims.get("iat") instanceof Long iat) || iat > now + LEEWAY_SECS) {
            throw failure("issued-at claim is missing or in the future");
        }
        return user;
    }

    private static boolean verifies(PublicKey key, String algorithm, byte[] signed, byte[] signature) {
        if (!key.getAlgorithm().equals(KEY_TYPES.get(algorithm))
            && !(algorithm.equals("EdDSA") && key.getAlgorithm().equals("EdDSA"))) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(SIGNATURES.get(algorithm));
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The top-level strings and integers of a base64url JSON object. */
    private static Map<String, Object> decode(String part) {
        Map<String, Object> members = new HashMap<>();
        try (JsonParser parser = JSON.createParser(Base64.getUrlDecoder().decode(part))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw failure("a JWT part is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (token == JsonToken.VALUE_STRING) {
                    members.put(name, parser.getText());
                } else if (token == JsonToken.VALUE_NUMBER_INT) {
                    members.put(name, parser.getLongValue());
                } else {
                    parser.skipChildren();
                }
            }
            return members;
        } catch (IOException | IllegalArgumentException e) {
            throw failure("a JWT part is not base64url JSON");
        }
    }

    private static AuthenticationFailure failure(String reason) {
        return new AuthenticationFailure(5100, "Authentication failed: key-pair JWT: " + reason);
    }

    /** The public key of {@code text}, a PEM or its bare base64 body; RSA keys need 2048 bits. */
    static PublicKey publicKey(String text) {
        String body = text.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid public key: not base64");
        }
        for (String type : List.of("RSA", "EC", "Ed25519")) {
            try {
                PublicKey key = KeyFactory.getInstance(type).generatePublic(new java.security.spec.X509EncodedKeySpec(der));
                if (key instanceof java.security.interfaces.RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                    throw new IllegalArgumentException("invalid public key: RSA keys need at least 2048 bits");
                }
                return key;
            } catch (GeneralSecurityException e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("invalid public key: not an RSA, EC or Ed25519 public key");
    }
}
