package com.databend.r2dbc.tck.server.query;

/** {@code ExecuteStateKind}: the {@code state} member of query responses. */
public enum QueryState {
    Starting, Running, Succeeded, Failed
}
