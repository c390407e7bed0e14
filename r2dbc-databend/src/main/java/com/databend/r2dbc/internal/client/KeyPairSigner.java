package com.databend.r2dbc.internal.client;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Signs the short-lived JWTs of Databend's key-pair authentication (docs/protocol.md §2.7) with the JDK's own
 * crypto: claims {@code sub} (the user), {@code iss} ({@code <tenant>.<user>}), {@code iat} and {@code exp}; RS256
 * for an RSA key, ES256 / ES384 for an EC key on P-256 / P-384, EdDSA for an Ed25519 key. The key comes from a
 * PKCS#8 PEM file, unencrypted ({@code BEGIN PRIVATE KEY}) or encrypted with a passphrase
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, e.g. OpenSSL's PBES2 with AES); neither the key, the passphrase nor a JWT
 * appears in a message or {@code toString()}.
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
     * The key of {@code pem}, the text of {@code file}, which messages name.
     *
     * @param passphrase the passphrase of an encrypted key, else {@code null}
     * @throws IllegalArgumentException when it cannot be decrypted or holds no supported key
     */
    static KeyPairSigner parse(String pem, Path file, CharSequence passphrase, String user, String tenant) {
        requireNonNull(pem, "pem must not be null");
        requireNonNull(file, "file must not be null");
        requireNonNull(user, "user must not be null");
        boolean encrypted = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        if (encrypted && passphrase == null) {
            throw new IllegalArgumentException("The private key file " + file
                    + " is encrypted: give its passphrase (privateKeyPassphrase)");
        }
        byte[] der = encrypted ? decrypt(pem(pem, "ENCRYPTED PRIVATE KEY", file), passphrase, file)
                : pem(pem, "PRIVATE KEY", file);
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

    /** The DER bytes between {@code -----BEGIN <label>-----} and its end line. */
    private static byte[] pem(String pem, String label, Path file) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("The private key file " + file
                    + " is no PKCS#8 PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The private key file " + file + " holds no valid base64 key");
        }
    }

    /** The PKCS#8 key inside an {@code EncryptedPrivateKeyInfo}, decrypted with {@code passphrase}. */
    private static byte[] decrypt(byte[] der, CharSequence passphrase, Path file) {
        char[] password = passphrase.toString().toCharArray();
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters parameters = info.getAlgParameters();
            // for PBES2 (what OpenSSL writes) the JDK names the key derivation and cipher only in the parameters,
            // e.g. PBEWithHmacSHA256AndAES_256
            String algorithm = "PBES2".equals(info.getAlgName()) && parameters != null ? parameters.toString()
                    : info.getAlgName();
            SecretKey key = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, key, parameters);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot decrypt the private key file " + file
                    + " with the passphrase given: " + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Whether {@code other} signs with the same private key. */
    boolean sameKeyAs(KeyPairSigner other) {
        return MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
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
