package com.databend.r2dbc.internal.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Signs the short-lived JWTs of Databend's key-pair authentication (docs/protocol.md §2.7) with the JDK's own
 * crypto: claims {@code sub} (the user), {@code iss} ({@code <tenant>.<user>}), {@code iat} and {@code exp}; RS256
 * for an RSA key, ES256 / ES384 for an EC key on P-256 / P-384, EdDSA for an Ed25519 key. The key comes from an
 * unencrypted PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}); neither it nor a JWT appears in a message or
 * {@code toString()}.
 */
final class KeyPairSigner {

    /** Databend's tenant when its configuration names none ({@code tenant_id}). */
    static final String DEFAULT_TENANT = "admin";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String algorithm;
    private final String jcaAlgorithm;
    private final String user;
    private final String issuer;

    private KeyPairSigner(PrivateKey key, String algorithm, String jcaAlgorithm, String user, String issuer) {
        this.key = key;
        this.algorithm = algorithm;
        this.jcaAlgorithm = jcaAlgorithm;
        this.user = user;
        this.issuer = issuer;
    }

    /**
     * Reads the key of {@code file} once, when the connection factory is built.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no supported unencrypted key
     */
    static KeyPairSigner read(Path file, String user, String tenant) {
        requireNonNull(file, "file must not be null");
        requireNonNull(user, "user must not be null");
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the private key file " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("The private key file " + file + " is encrypted; give an unencrypted "
                    + "PKCS#8 key (openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der = pkcs8(pem, file);
        String issuer = (tenant == null || tenant.isEmpty() ? DEFAULT_TENANT : tenant) + "." + user;
        for (String type : new String[] {"RSA", "EC", "Ed25519"}) {
            PrivateKey key;
            try {
                key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
            if (type.equals("RSA")) {
                return new KeyPairSigner(key, "RS256", "SHA256withRSA", user, issuer);
            }
            if (type.equals("Ed25519")) {
                return new KeyPairSigner(key, "EdDSA", "Ed25519", user, issuer);
            }
            int bits = ((ECPrivateKey) key).getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return new KeyPairSigner(key, "ES256", "SHA256withECDSAinP1363Format", user, issuer);
            }
            if (bits == 384) {
                return new KeyPairSigner(key, "ES384", "SHA384withECDSAinP1363Format", user, issuer);
            }
            throw new IllegalArgumentException("The EC key of " + file + " is on a " + bits
                    + "-bit curve; Databend accepts P-256 and P-384");
        }
        throw new IllegalArgumentException("The private key file " + file
                + " holds no RSA, EC or Ed25519 PKCS#8 key");
    }

    private static byte[] pkcs8(String pem, Path file) {
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("The private key file " + file
                    + " is no PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The private key file " + file + " holds no valid base64 key");
        }
    }

    /** The JWT's {@code alg}: RS256, ES256, ES384 or EdDSA. */
    String algorithm() {
        return algorithm;
    }

    /** A JWT issued at {@code now} that expires at {@code expiry}. */
    String sign(Instant now, Instant expiry) {
        String header = "{\"alg\":\"" + algorithm + "\",\"typ\":\"JWT\"}";
        String claims = "{\"sub\":" + jsonString(user) + ",\"iss\":" + jsonString(issuer) + ",\"iat\":"
                + now.getEpochSecond() + ",\"exp\":" + expiry.getEpochSecond() + "}";
        String signed = BASE64URL.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + BASE64URL.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(key);
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a " + algorithm + " JWT: " + e.getClass().getSimpleName(), e);
        }
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return "KeyPairSigner{algorithm=" + algorithm + ", user=" + user + '}';
    }
}
