package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.SchemaField;

import java.util.List;

/**
 * Everything one {@code QueryResponse} body says (docs/protocol.md §3.1), in member order. {@code null} means JSON
 * {@code null} for members that are always present, and "omitted" for {@code hasResultSet} and {@code settings}.
 */
public record QueryResponse(String id, String sessionId, String nodeId, QueryState state, SessionState session,
                            DatabendError error, List<String> warnings, Boolean hasResultSet,
                            List<SchemaField> schema, List<String[]> data, Affect affect, Long resultTimeoutSecs,
                            ResponseSettings settings, QueryStats stats, String statsUri, String finalUri,
                            String nextUri, String killUri) {

    /** The shape of a query that could not even be created (docs/protocol.md §3.6). */
    public static QueryResponse failToStart(SessionState session, DatabendError error) {
        return new QueryResponse("", null, "", QueryState.Failed, session, error, List.of(), null, List.of(),
            List.of(), null, null, null, QueryStats.zero(), null, null, null, null);
    }
}
