package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static java.util.Objects.requireNonNull;

/**
 * Users, passwords, public keys and grants, shared by every node of a server. {@code root} always exists and holds
 * every privilege; other users need {@code GRANT ALL ON *.*} to write.
 */
public final class UserRegistry {

    public static final String ROOT = "root";

    /** Databend's {@code max_public_keys_per_user} default. */
    static final int MAX_PUBLIC_KEYS = 10;

    private final Map<String, String> passwords = new ConcurrentHashMap<>();

    private final Set<String> granted = ConcurrentHashMap.newKeySet();

    /** Users of the server's configuration, root among them, which no statement alters. */
    private final Set<String> configured = ConcurrentHashMap.newKeySet();

    private final Map<String, List<UserPublicKey>> publicKeys = new ConcurrentHashMap<>();

    public UserRegistry(String rootPassword) {
        this.passwords.put(ROOT, requireNonNull(rootPassword, "rootPassword must not be null"));
        this.configured.add(ROOT);
    }

    /** Adds or replaces a configured user (configuration users get every privilege, like root). */
    public void addConfiguredUser(String name, String password) {
        requireNonNull(name, "name must not be null");
        this.passwords.put(name, requireNonNull(password, "password must not be null"));
        this.granted.add(name);
        this.configured.add(name);
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
        PublicKey key = publicKey(publicKey);
        if (this.passwords.containsKey(name)) {
            if (!ifNotExists) {
                throw new DatabendError(2202, "User '" + name + "'@'%' already exists.");
            }
            return;
        }
        // the key first: a password check refuses a user with keys before it compares the (empty) password
        this.publicKeys.put(name, List.of(new UserPublicKey(key, "", Instant.now())));
        this.passwords.put(name, "");
    }

    /** The public keys of a key-pair user; empty for any other user. */
    List<PublicKey> publicKeys(String name) {
        if (!this.passwords.containsKey(name)) {
            throw new AuthenticationFailure(2201, "User '" + name + "'@'%' does not exist.");
        }
        return this.publicKeys.getOrDefault(name, List.of()).stream().map(UserPublicKey::key).toList();
    }

    /** {@code SHOW PUBLIC KEYS FOR USER name}: the keys in the order they were added; none for other users. */
    public List<UserPublicKey> showPublicKeys(String name) {
        requireExists(name);
        return this.publicKeys.getOrDefault(name, List.of());
    }

    /**
     * {@code ALTER USER name WITH ADD / REMOVE PUBLIC_KEY …}: the changes in their order, all or none; the checks and
     * error codes are Databend's (a key it cannot use and any refusal about keys 5100, a label or the count of keys
     * 1006).
     */
    public void alterPublicKeys(String name, List<SessionStatement.KeyChange> changes) {
        if (this.configured.contains(name)) {
            throw new DatabendError(2218, "Can not alter built-in user `" + name + "`");
        }
        requireExists(name);
        this.publicKeys.compute(name, (user, current) -> {
            boolean keyPair = current != null;
            List<UserPublicKey> keys = keyPair ? new ArrayList<>(current) : new ArrayList<>();
            for (SessionStatement.KeyChange change : changes) {
                if (change instanceof SessionStatement.KeyChange.Add add) {
                    add(keys, keyPair, add);
                } else if (change instanceof SessionStatement.KeyChange.RemoveByLabel remove) {
                    remove(keys, keyPair, key -> key.label().equals(remove.label()),
                        "public key with label '" + remove.label() + "' not found");
                } else if (change instanceof SessionStatement.KeyChange.RemoveByFingerprint remove) {
                    remove(keys, keyPair, key -> key.fingerprint().equals(remove.fingerprint()),
                        "public key with fingerprint '" + remove.fingerprint() + "' not found");
                }
            }
            return keyPair ? List.copyOf(keys) : null;
        });
    }

    private static void add(List<UserPublicKey> keys, boolean keyPair, SessionStatement.KeyChange.Add add) {
        PublicKey key = publicKey(add.key());
        if (keys.size() >= MAX_PUBLIC_KEYS) {
            throw new DatabendError(1006, "cannot add public key: user already has " + keys.size() + " keys (max: "
                + MAX_PUBLIC_KEYS + ")");
        }
        String label = add.label() == null ? "" : add.label().trim();
        if (label.length() > 128) {
            throw new DatabendError(1006, "public key label must be 128 characters or fewer");
        }
        if (!label.isEmpty() && keys.stream().anyMatch(existing -> existing.label().equals(label))) {
            throw new DatabendError(1006, "public key label '" + label + "' already exists for this user");
        }
        if (!keyPair) {
            throw new DatabendError(5100, "user is not configured for key-pair authentication, use IDENTIFIED WITH "
                + "key_pair BY '<key>' first");
        }
        UserPublicKey added = new UserPublicKey(key, label, Instant.now());
        if (keys.stream().anyMatch(existing -> existing.fingerprint().equals(added.fingerprint()))) {
            throw new DatabendError(5100, "public key with fingerprint '" + added.fingerprint() + "' already exists");
        }
        keys.add(added);
    }

    private static void remove(List<UserPublicKey> keys, boolean keyPair, Predicate<UserPublicKey> which,
                               String notFound) {
        if (!keyPair) {
            throw new DatabendError(5100, "user is not configured for key-pair authentication");
        }
        int index = IntStream.range(0, keys.size()).filter(i -> which.test(keys.get(i))).findFirst().orElse(-1);
        if (index < 0) {
            throw new DatabendError(5100, notFound);
        }
        if (keys.size() == 1) {
            throw new DatabendError(5100, "cannot remove the last public key, user must have at least one key for "
                + "key-pair authentication");
        }
        keys.remove(index);
    }

    private static PublicKey publicKey(String text) {
        try {
            return KeyPairJwtVerifier.publicKey(text);
        } catch (IllegalArgumentException e) {
            throw new DatabendError(5100, e.getMessage());
        }
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
