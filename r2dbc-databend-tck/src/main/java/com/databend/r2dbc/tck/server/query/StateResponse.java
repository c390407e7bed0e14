package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.DatabendError;

/** {@code GET /v1/query/{id}} (docs/protocol.md §3.4). */
public record StateResponse(QueryState state, DatabendError error, QueryStats stats) {
}
