package com.databend.r2dbc.tck.server.session;

import com.databend.r2dbc.tck.server.session.TempTableSessions.Table;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TempTableSessionsTests {

    private final TempTableSessions sessions = new TempTableSessions(Duration.ofMinutes(1));

    @Test
    void aTempTableIsKeptByItsDatabaseAndTheSessionsSchemasAreOnePerDatabase() {
        String prefix = TempTableSessions.schemaPrefix("root", "s1");
        sessions.created("root", "s1", new Table("d1", "t"));
        sessions.created("root", "s1", new Table("d2", "t"));

        assertThat(prefix).startsWith("_temp_tables_").endsWith("_")
            .isNotEqualTo(TempTableSessions.schemaPrefix("root", "s2"));
        assertThat(sessions.isTempTable("root", "s1", new Table("d1", "t"))).isTrue();
        assertThat(sessions.isTempTable("root", "s1", new Table("d3", "t"))).isFalse();
        assertThat(sessions.scope("root", "s1", false).tables()).containsExactly("d1.t", "d2.t");

        // the session ends with the schemas of every database it held temp tables in, for the caller to drop those
        // still there (the statement that dropped d1.t dropped d1's schema)
        assertThat(sessions.dropped("root", "s1", new Table("d1", "t"))).isTrue();
        assertThat(sessions.remove("root", "s1")).containsExactly(prefix + "d1", prefix + "d2");
        assertThat(sessions.holdsTables("root", "s1")).isFalse();
    }

    @Test
    void anIdleSessionExpiresWithTheSchemasOfAllItsDatabases() {
        String prefix = TempTableSessions.schemaPrefix("root", "s1");
        sessions.created("root", "s1", new Table("d1", "t"));
        sessions.created("root", "s1", new Table("d2", "u"));
        long now = System.currentTimeMillis();

        assertThat(sessions.expire(now)).isEmpty();
        assertThat(sessions.expire(now + Duration.ofMinutes(2).toMillis()))
            .containsExactly(prefix + "d1", prefix + "d2");
        assertThat(sessions.expiredCount()).isOne();
        assertThat(sessions.holdsTables("root", "s1")).isFalse();
    }
}
