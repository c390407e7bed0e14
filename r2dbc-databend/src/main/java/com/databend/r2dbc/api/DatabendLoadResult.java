package com.databend.r2dbc.api;

/**
 * What a bulk load wrote, as the server counted it.
 *
 * @param queryId the id of the load's query
 * @param rows    rows written
 * @param bytes   bytes written
 */
public record DatabendLoadResult(String queryId, long rows, long bytes) {
}
