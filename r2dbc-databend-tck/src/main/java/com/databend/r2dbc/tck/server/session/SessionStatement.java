package com.databend.r2dbc.tck.server.session;

import java.util.List;

/** A statement the HTTP layer answers itself instead of handing it to the SQL engine. */
public sealed interface SessionStatement {

    record Use(String database) implements SessionStatement {
    }

    /** {@code SET [GLOBAL] a = 1, b = 'x'}: names lower-cased, values without their quotes. */
    record Set(boolean global, List<String> names, List<String> values) implements SessionStatement {
    }

    record Unset(boolean global, List<String> names) implements SessionStatement {
    }

    record Begin() implements SessionStatement {
    }

    record Commit() implements SessionStatement {
    }

    /** {@code ROLLBACK} or {@code ABORT}. */
    record Rollback() implements SessionStatement {
    }

    /**
     * {@code CREATE USER name IDENTIFIED [WITH auth_type] BY 'secret'}: {@code secret} is a password, or the public key
     * when {@code keyPair} ({@code WITH key_pair}).
     */
    record CreateUser(String name, String password, boolean ifNotExists, boolean keyPair) implements SessionStatement {

        public CreateUser(String name, String password, boolean ifNotExists) {
            this(name, password, ifNotExists, false);
        }
    }

    record DropUser(String name, boolean ifExists) implements SessionStatement {
    }

    /**
     * {@code ALTER USER name WITH ADD PUBLIC_KEY = '…' [LABEL = '…'], REMOVE PUBLIC_KEY LABEL | FINGERPRINT = '…'}: the
     * changes in their order, all or none applied.
     */
    record AlterPublicKeys(String name, List<KeyChange> changes) implements SessionStatement {

        public AlterPublicKeys {
            changes = List.copyOf(changes);
        }
    }

    /** One change of {@link AlterPublicKeys}. */
    sealed interface KeyChange {

        /** {@code label} is {@code null} when none was given. */
        record Add(String key, String label) implements KeyChange {
        }

        record RemoveByLabel(String label) implements KeyChange {
        }

        record RemoveByFingerprint(String fingerprint) implements KeyChange {
        }
    }

    /** {@code SHOW PUBLIC KEYS FOR USER name}. */
    record ShowPublicKeys(String name) implements SessionStatement {
    }

    /** {@code GRANT ... TO name}; {@code all} is true for {@code ALL [PRIVILEGES]}. */
    record Grant(String name, boolean all) implements SessionStatement {
    }

    /** {@code REVOKE ... FROM name}; {@code all} is true for {@code ALL [PRIVILEGES]}. */
    record Revoke(String name, boolean all) implements SessionStatement {
    }
}
