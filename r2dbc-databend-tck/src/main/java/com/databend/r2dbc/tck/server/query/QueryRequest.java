package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.sql.StageAttachment;

import static java.util.Objects.requireNonNull;

/**
 * A parsed {@code POST /v1/query} body (docs/protocol.md §2.1).
 *
 * @param session {@code null} when the request had none
 * @param params  {@code null}, a {@code List} or a {@code Map} of JSON scalars
 * @param stageAttachment {@code null} when the request had none
 */
public record QueryRequest(String sql, SessionState session, Pagination pagination, Object params,
                           StageAttachment stageAttachment) {

    public QueryRequest {
        requireNonNull(sql, "sql must not be null");
        requireNonNull(pagination, "pagination must not be null");
    }
}
