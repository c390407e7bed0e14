package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.internal.codec.PageCells;

import java.util.List;

/**
 * One parsed {@code QueryResponse} (docs/protocol.md §3.1): a page of a query, its URIs and the session echo.
 * Only the members the driver uses are kept; the {@code data} cells stay in the body until read ({@link PageCells}).
 */
public final class QueryResponse {

    private final String id;
    private final String nodeId;
    private final String state;
    private final SessionSnapshot session;
    private final QueryError error;
    private final List<String> warnings;
    private final List<SchemaField> schema;
    private final PageCells cells;
    private final Long resultTimeoutSecs;
    private final String timezone;
    private final String binaryOutputFormat;
    private final com.databend.r2dbc.api.DatabendQueryProgress progress;
    private final String finalUri;
    private final String nextUri;
    private final String killUri;

    QueryResponse(String id, String nodeId, String state, SessionSnapshot session, QueryError error,
                  List<String> warnings, List<SchemaField> schema, PageCells cells, Long resultTimeoutSecs,
                  String timezone, String binaryOutputFormat, com.databend.r2dbc.api.DatabendQueryProgress progress,
                  String finalUri, String nextUri,
                  String killUri) {
        this.id = id;
        this.nodeId = nodeId;
        this.state = state;
        this.session = session;
        this.error = error;
        this.warnings = warnings;
        this.schema = schema;
        this.cells = cells;
        this.resultTimeoutSecs = resultTimeoutSecs;
        this.timezone = timezone;
        this.binaryOutputFormat = binaryOutputFormat;
        this.progress = progress;
        this.finalUri = finalUri;
        this.nextUri = nextUri;
        this.killUri = killUri;
    }

    public String id() {
        return id;
    }

    public String nodeId() {
        return nodeId;
    }

    public String state() {
        return state;
    }

    /** The session echo, or {@code null} when unchanged (docs/protocol.md §3.2). */
    public SessionSnapshot session() {
        return session;
    }

    public QueryError error() {
        return error;
    }

    public List<String> warnings() {
        return warnings;
    }

    public List<SchemaField> schema() {
        return schema;
    }

    /** The {@code data} cells, read where they arrived. */
    public PageCells cells() {
        return cells;
    }

    /** How many rows {@code data} holds. */
    public int rowCount() {
        return cells.rowCount();
    }

    /**
     * The {@code data} rows as arrays of cell strings (null = SQL NULL), made on each call: for tests and
     * diagnostics; the query path reads {@link #cells()} and counts with {@link #rowCount()}.
     */
    public List<String[]> rowsAsStrings() {
        return cells.toStrings();
    }

    public Long resultTimeoutSecs() {
        return resultTimeoutSecs;
    }

    /** {@code settings.timezone} the cells were rendered in, or {@code null} when absent. */
    public String timezone() {
        return timezone;
    }

    public String binaryOutputFormat() {
        return binaryOutputFormat;
    }

    /** {@code stats.write_progress.rows}. */
    public long writtenRows() {
        return progress.writeRows();
    }

    /** {@code stats}, or all zeros when absent. */
    public com.databend.r2dbc.api.DatabendQueryProgress progress() {
        return progress;
    }

    public String finalUri() {
        return finalUri;
    }

    public String nextUri() {
        return nextUri;
    }

    public String killUri() {
        return killUri;
    }

    /** True when no further page can come: {@code next_uri} is absent or the final URI. */
    public boolean isLastPage() {
        return nextUri == null || nextUri.endsWith("/final");
    }

    @Override
    public String toString() {
        return "QueryResponse{id=" + id + ", state=" + state + ", rows=" + cells.rowCount() + ", nextUri=" + nextUri + '}';
    }

    public record SchemaField(String name, String type) {
    }

    /** {@code error} member (or the error body of a non-200 response). */
    public record QueryError(int code, String message, String detail) {
    }
}
