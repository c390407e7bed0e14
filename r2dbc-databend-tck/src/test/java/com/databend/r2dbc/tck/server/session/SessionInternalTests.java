package com.databend.r2dbc.tck.server.session;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionInternalTests {

    @Test
    void defaultsAreOmittedAndOrderIsTheServersOrder() {
        assertThat(SessionInternal.empty().toJson()).isEqualTo("{}");
        assertThat(SessionInternal.empty().afterQuery("node-1", "q1").toJson())
            .isEqualTo("{\"last_node_id\":\"node-1\",\"last_query_ids\":[\"q1\"]}");
        SessionInternal full = SessionInternal.parse("{\"last_query_ids\":[\"a\",\"b\"],\"has_temp_table\":true,"
            + "\"last_node_id\":\"n\",\"variables\":[[\"x\",\"1\"]],\"last_query_result_cache_key\":\"k\",\"new\":1}");
        assertThat(full.toJson()).isEqualTo("{\"variables\":[[\"x\",\"1\"]],\"last_query_result_cache_key\":\"k\","
            + "\"has_temp_table\":true,\"last_node_id\":\"n\",\"last_query_ids\":[\"a\",\"b\"]}");
        assertThat(full.lastQueryId()).isEqualTo("a");
        assertThat(full.lastQueryIds()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void emptyTextIsNoneAndMalformedTextIsRefused() {
        assertThat(SessionInternal.parse("")).isNull();
        assertThat(SessionInternal.parse(null)).isNull();
        assertThatThrownBy(() -> SessionInternal.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionInternal.parse("{\"last_node_id\":")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientSessionsComeFromCookiesOrTheSessionHeader() {
        assertThat(ClientSessions.resolve(null, null, null)).isEqualTo(ClientSession.none());
        assertThat(ClientSessions.resolve("a=b; session_id=s1", null, null).id()).isEqualTo("s1");
        ClientSession created = ClientSessions.resolve("cookie_enabled=true", null, null);
        assertThat(created.id()).isNotNull();
        assertThat(created.setCookies()).hasSize(2);
        ClientSession header = ClientSessions.resolve(null, "session_header", "{\"id\":\"h1\",\"last_refresh_time\":1}");
        assertThat(header.id()).isEqualTo("h1");
        assertThat(header.sessionHeader()).isNotBlank();
        assertThat(ClientSessions.resolve(null, "Session_Header", "").id()).isNotNull();
    }
}
