package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.sql.DatabendError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStatementsTests {

    @Test
    void useAndTransactionKeywordsAreRecognisedInAnyCase() {
        assertThat(SessionStatements.parse("USE db2;")).contains(new SessionStatement.Use("db2"));
        assertThat(SessionStatements.parse("use `my db`")).contains(new SessionStatement.Use("my db"));
        assertThat(SessionStatements.parse("Begin")).contains(new SessionStatement.Begin());
        assertThat(SessionStatements.parse("BEGIN TRANSACTION ;")).contains(new SessionStatement.Begin());
        assertThat(SessionStatements.parse("commit")).contains(new SessionStatement.Commit());
        assertThat(SessionStatements.parse("ROLLBACK")).contains(new SessionStatement.Rollback());
        assertThat(SessionStatements.parse("abort;")).contains(new SessionStatement.Rollback());
    }

    @Test
    void setParsesSeveralAssignmentsQuotedValuesAndGlobal() {
        assertThat(SessionStatements.parse("SET max_threads = 1, timezone='Asia/Shanghai', s = 'it''s'"))
            .contains(new SessionStatement.Set(false, List.of("max_threads", "timezone", "s"),
                List.of("1", "Asia/Shanghai", "it's")));
        assertThat(SessionStatements.parse("set global max_threads=2"))
            .contains(new SessionStatement.Set(true, List.of("max_threads"), List.of("2")));
        assertThat(SessionStatements.parse("unset (timezone, max_threads)"))
            .contains(new SessionStatement.Unset(false, List.of("timezone", "max_threads")));
        assertThat(SessionStatements.parse("UNSET timezone;"))
            .contains(new SessionStatement.Unset(false, List.of("timezone")));
        assertThatThrownBy(() -> SessionStatements.parse("set max_threads"))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1005));
    }

    @Test
    void userManagementNamesMayBeQuotedWithHost() {
        assertThat(SessionStatements.parse("CREATE USER IF NOT EXISTS 'u1'@'%' IDENTIFIED BY 'p''w'"))
            .contains(new SessionStatement.CreateUser("u1", "p'w", true));
        assertThat(SessionStatements.parse("create user u2 identified with sha256_password by 'x'"))
            .contains(new SessionStatement.CreateUser("u2", "x", false));
        assertThat(SessionStatements.parse("drop user if exists u1"))
            .contains(new SessionStatement.DropUser("u1", true));
        assertThat(SessionStatements.parse("GRANT ALL PRIVILEGES ON *.* TO USER u1"))
            .contains(new SessionStatement.Grant("u1", true));
        assertThat(SessionStatements.parse("grant select on db.* to 'u1'"))
            .contains(new SessionStatement.Grant("u1", false));
        assertThat(SessionStatements.parse("REVOKE ALL ON *.* FROM u1"))
            .contains(new SessionStatement.Revoke("u1", true));
    }

    @Test
    void publicKeyOptionsOfAlterUserAreReadInTheirOrderAndShowPublicKeysNamesItsUser() {
        assertThat(SessionStatements.parse("ALTER USER 'svc'@'%' WITH ADD PUBLIC_KEY = '-----BEGIN PUBLIC KEY-----\n"
            + "MCow\n-----END PUBLIC KEY-----' LABEL = 'it''s b', REMOVE PUBLIC_KEY LABEL='a';"))
            .contains(new SessionStatement.AlterPublicKeys("svc", List.of(
                new SessionStatement.KeyChange.Add("-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----",
                    "it's b"),
                new SessionStatement.KeyChange.RemoveByLabel("a"))));
        assertThat(SessionStatements.parse("alter user svc with add public_key='MCow'"))
            .contains(new SessionStatement.AlterPublicKeys("svc",
                List.of(new SessionStatement.KeyChange.Add("MCow", null))));
        assertThat(SessionStatements.parse("ALTER USER svc WITH REMOVE PUBLIC_KEY FINGERPRINT = 'SHA256:q+/w'"))
            .contains(new SessionStatement.AlterPublicKeys("svc",
                List.of(new SessionStatement.KeyChange.RemoveByFingerprint("SHA256:q+/w"))));
        assertThat(SessionStatements.parse("show public keys for user `svc`"))
            .contains(new SessionStatement.ShowPublicKeys("svc"));
    }

    @Test
    void otherStatementsGoToTheEngine() {
        for (String sql : List.of("select 1", "create table users(a int)", "drop table t", "useless_function()",
            "insert into t values (1)", "set role admin", "settings", "-- just a comment\nselect 1",
            "alter table t add column b int", "alter user svc with disabled = true",
            "alter user svc with add public_key = 'MCow', disabled = true", "show tables")) {
            assertThat(SessionStatements.parse(sql)).as(sql).isEqualTo(Optional.empty());
        }
        assertThat(SessionStatements.leadingKeyword("  /* c */ INSERT into t")).isEqualTo("insert");
    }

    @Test
    void writePermissionNamesThePrivilegeAndTheTable() {
        UserRegistry users = new UserRegistry("");
        users.createUser("u", "p", false);
        WritePermission.check(users, "u", "default", "select * from t");
        WritePermission.check(users, "root", "default", "insert into t values (1)");
        assertThatThrownBy(() -> WritePermission.check(users, "u", "db1", "UPDATE t SET a = 1"))
            .hasMessage("Permission denied: privilege [Update] is required on 'default'.'db1'.'t' for user 'u'@'%'");
        assertThatThrownBy(() -> WritePermission.check(users, "u", "db1", "create table if not exists db2.x(a int)"))
            .hasMessage("Permission denied: privilege [Create] is required on 'default'.'db2'.'x' for user 'u'@'%'");
        users.grantAll("u");
        WritePermission.check(users, "u", "db1", "truncate table t");
    }
}
