package com.databend.r2dbc.tck.server.session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;

/**
 * One public key of a key-pair user (docs/protocol.md §2.7): the key, its label ({@code ""} when none was given)
 * and when it was added. Its fingerprint is {@code SHA256:} and the unpadded base64 of the SHA-256 of its DER.
 */
public record UserPublicKey(PublicKey key, String label, Instant createdAt) {

    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "UserPublicKey{" + fingerprint() + ", label=" + label + '}';
    }
}
