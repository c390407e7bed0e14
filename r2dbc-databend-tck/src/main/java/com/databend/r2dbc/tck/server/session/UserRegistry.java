package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Users, passwords and grants, shared by every node of a server. {@code root} always exists and holds every
 * privilege; other users need {@code GRANT ALL ON *.*} to write.
 */
public final class UserRegistry {

    public static final String ROOT = "root";

    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private final Set<String> granted = ConcurrentHashMap.newKeySet();

    private final Map<String, List<PublicKey>> publicKeys = new ConcurrentHashMap<>();

    public UserRegistry(String rootPassword) {
        this.passwords.put(ROOT, requireNonNull(rootPassword, "rootPassword must not be null"));
    }

    /** Adds or replaces a configured user (configuration users get every privilege, like root). */
    public void addConfiguredUser(String name, String password) {
        requireNonNull(name, "name must not be null");
        this.passwords.put(name, requireNonNull(password, "password must not be null"));
        this.granted.add(name);
    }

    public void createUser(String name, String password, boolean ifNotExists) {
        if (this.passwords.putIfAbsent(name, password) != null && !ifNotExists) {
            throw new DatabendError(2202, "User '" + name + "'@'%' already exists.");
        }
    }

    /**
     * {@code CREATE USER name IDENTIFIED WITH key_pair BY '<public key>'}: a user who authenticates only with JWTs
     * signed by the key's private key (docs/protocol.md §2.7).
     */
    public void createKeyPairUser(String name, String publicKey, boolean ifNotExists) {
        if (ROOT.equals(name)) {
            throw new DatabendError(2201, "Key-pair authentication is not supported for the root user");
        }
        PublicKey key;
        try {
            key = KeyPairJwtVerifier.publicKey(publicKey);
        } catch (IllegalArgumentException e) {
            throw new DatabendError(1006, e.getMessage());
        }
        if (this.passwords.containsKey(name)) {
            if (!ifNotExists) {
                throw new DatabendError(2202, "User '" + name + "'@'%' already exists.");
            }
            return;
        }
        // the key first: a password check refuses a user with keys before it compares the (empty) password
        this.publicKeys.put(name, List.of(key));
        this.passwords.put(name, "");
    }

    /** The public keys of a key-pair user; empty for any other user. */
    List<PublicKey> publicKeys(String name) {
        if (!this.passwords.containsKey(name)) {
            throw new AuthenticationFailure(2201, "User '" + name + "'@'%' does not exist.");
        }
        return this.publicKeys.getOrDefault(name, List.of());
    }

    public void dropUser(String name, boolean ifExists) {
        if (ROOT.equals(name)) {
            throw new DatabendError(2201, "User '" + name + "'@'%' cannot be dropped.");
        }
        if (this.passwords.remove(name) == null && !ifExists) {
            throw new DatabendError(2201, "User '" + name + "'@'%' does not exist.");
        }
        this.granted.remove(name);
        this.publicKeys.remove(name);
    }

    public void grantAll(String name) {
        requireExists(name);
        this.granted.add(name);
    }

    public void revokeAll(String name) {
        requireExists(name);
        this.granted.remove(name);
    }

    private void requireExists(String name) {
        if (!this.passwords.containsKey(name)) {
            throw new DatabendError(2201, "User '" + name + "'@'%' does not exist.");
        }
    }

    public boolean canWrite(String name) {
        return ROOT.equals(name) || this.granted.contains(name);
    }

    /**
     * Checks a user name and password.
     *
     * @throws AuthenticationFailure 2201 for an unknown user, 5100 for a wrong password
     */
    public void authenticate(String name, String password) {
        String expected = this.passwords.get(name);
        if (expected == null) {
            throw new AuthenticationFailure(2201, "User '" + name + "'@'%' does not exist.");
        }
        if (this.publicKeys.containsKey(name)) {
            throw new AuthenticationFailure(5100,
                "Authentication failed: user exists but is not configured for password authentication");
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthenticationFailure(5100, "Authentication failed: incorrect password");
        }
    }
}
