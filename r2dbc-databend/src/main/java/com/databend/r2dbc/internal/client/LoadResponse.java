package com.databend.r2dbc.internal.client;

/**
 * The answer to a streaming load (docs/protocol.md §8.4): {@code {"id", "stats": {"rows", "bytes"}}}.
 *
 * @param queryId the id of the load's query
 * @param rows    rows written
 * @param bytes   bytes written, as the server counts them
 */
public record LoadResponse(String queryId, long rows, long bytes) {
}
