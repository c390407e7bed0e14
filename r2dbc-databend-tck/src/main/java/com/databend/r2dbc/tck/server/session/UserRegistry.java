package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

    public void dropUser(String name, boolean ifExists) {
        if (ROOT.equals(name)) {
            throw new DatabendError(2201, "User '" + name + "'@'%' cannot be dropped.");
        }
        if (this.passwords.remove(name) == null && !ifExists) {
            throw new DatabendError(2201, "User '" + name + "'@'%' does not exist.");
        }
        this.granted.remove(name);
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
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8))) {
            throw new AuthenticationFailure(5100, "Authentication failed: incorrect password");
        }
    }
}
