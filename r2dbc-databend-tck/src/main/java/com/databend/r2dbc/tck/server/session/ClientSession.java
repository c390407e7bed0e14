package com.databend.r2dbc.tck.server.session;

import java.util.List;

/**
 * The client session of a request (docs/protocol.md §2.6): its id ({@code null} when the request has none), the cookies
 * to set and the {@code X-DATABEND-SESSION} header to answer with.
 */
public record ClientSession(String id, List<String> setCookies, String sessionHeader) {

    public ClientSession {
        setCookies = List.copyOf(setCookies);
    }

    public static ClientSession none() {
        return new ClientSession(null, List.of(), null);
    }

    /** The {@code session_id} member of a response: the id, or {@code ""} without a client session. */
    public String responseSessionId() {
        return this.id == null ? "" : this.id;
    }
}
