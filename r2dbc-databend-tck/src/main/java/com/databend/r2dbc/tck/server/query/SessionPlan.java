package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.SessionStatement;
import com.databend.r2dbc.tck.server.session.UserPublicKey;
import com.databend.r2dbc.tck.server.session.UserRegistry;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.FixedExecution;
import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.databend.r2dbc.tck.server.sql.StatementExecution;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * USE, SET, UNSET, user management (public keys too), and BEGIN inside an open transaction: answered without the
 * engine.
 */
final class SessionPlan implements QueryPlan {

    /** RFC 3339 in seconds, as Databend writes {@code created_at}: {@code 2026-05-04T10:20:30+00:00}. */
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private final ServerContext context;

    private final SessionStatement statement;

    private final String user;

    SessionPlan(ServerContext context, SessionStatement statement, String user) {
        this.context = context;
        this.statement = statement;
        this.user = user;
    }

    @Override
    public StatementExecution open(HttpQuery query) {
        UserRegistry users = this.context.users();
        Map<String, String> global = this.context.globalSettings();
        if (this.statement instanceof SessionStatement.Use use) {
            if (!this.context.databaseExists(use.database())) {
                throw new DatabendError(1003, "Unknown database '" + use.database() + "'");
            }
            query.updateSession(s -> s.withDatabase(use.database()));
            query.affect(new Affect.UseDb(use.database()));
        } else if (this.statement instanceof SessionStatement.Set set) {
            for (int i = 0; i < set.names().size(); i++) {
                Settings.validate(set.names().get(i), set.values().get(i));
            }
            SortedMap<String, String> settings = new TreeMap<>(query.session().settingsOrEmpty());
            List<Boolean> globals = new ArrayList<>();
            for (int i = 0; i < set.names().size(); i++) {
                String name = set.names().get(i);
                if (set.global()) {
                    global.put(name, set.values().get(i));
                    settings.remove(name);
                } else {
                    settings.put(name, set.values().get(i));
                }
                globals.add(set.global());
            }
            query.updateSession(s -> s.withSettings(settings));
            query.affect(new Affect.ChangeSettings(set.names(), set.values(), globals));
        } else if (this.statement instanceof SessionStatement.Unset unset) {
            SortedMap<String, String> settings = new TreeMap<>(query.session().settingsOrEmpty());
            List<String> values = new ArrayList<>();
            List<Boolean> globals = new ArrayList<>();
            for (String name : unset.names()) {
                settings.remove(name);
                if (unset.global()) {
                    global.remove(name);
                }
                values.add(Settings.defaultValue(name, this.context.defaultResultTimeoutSecs()));
                globals.add(unset.global());
            }
            query.updateSession(s -> s.withSettings(settings));
            query.affect(new Affect.ChangeSettings(unset.names(), values, globals));
        } else if (this.statement instanceof SessionStatement.CreateUser create) {
            requireUserAdmin(users, "CreateUser");
            if (create.keyPair()) {
                users.createKeyPairUser(create.name(), create.password(), create.ifNotExists());
            } else {
                users.createUser(create.name(), create.password(), create.ifNotExists());
            }
        } else if (this.statement instanceof SessionStatement.DropUser drop) {
            requireUserAdmin(users, "DropUser");
            users.dropUser(drop.name(), drop.ifExists());
        } else if (this.statement instanceof SessionStatement.AlterPublicKeys alter) {
            requireUserAdmin(users, "Alter");
            users.alterPublicKeys(alter.name(), alter.changes());
        } else if (this.statement instanceof SessionStatement.ShowPublicKeys show) {
            requireUserAdmin(users, "Super");
            return publicKeys(users.showPublicKeys(show.name()));
        } else if (this.statement instanceof SessionStatement.Grant grant) {
            requireUserAdmin(users, "Grant");
            if (grant.all()) {
                users.grantAll(grant.name());
            }
        } else if (this.statement instanceof SessionStatement.Revoke revoke) {
            requireUserAdmin(users, "Grant");
            if (revoke.all()) {
                users.revokeAll(revoke.name());
            }
        }
        // BEGIN inside an open transaction, and COMMIT / ROLLBACK outside one, change nothing
        return EmptyExecution.INSTANCE;
    }

    /** Databend's columns: the fingerprint, the label and when the key was added, all strings. */
    private static StatementExecution publicKeys(List<UserPublicKey> keys) {
        List<String[]> rows = new ArrayList<>();
        for (UserPublicKey key : keys) {
            rows.add(new String[]{key.fingerprint(), key.label(),
                CREATED_AT.format(key.createdAt().atOffset(ZoneOffset.UTC))});
        }
        return FixedExecution.rows(List.of(new SchemaField("fingerprint", "String"),
            new SchemaField("label", "String"), new SchemaField("created_at", "String")), rows);
    }

    private void requireUserAdmin(UserRegistry users, String privilege) {
        if (!users.canWrite(this.user)) {
            throw new DatabendError(1063, "Permission denied: privilege [" + privilege
                + "] is required on *.* for user '" + this.user + "'@'%'");
        }
    }
}
