package com.databend.r2dbc.internal.client;

/**
 * What it takes to reach and end one query: its id and node, the latest {@code final_uri} and {@code kill_uri},
 * and whether the server has sent its last page (then the query is finished, not killed). Immutable, so a new
 * handle published through a volatile field is safe to read from any thread.
 */
public record QueryHandle(String queryId, String nodeId, String finalUri, String killUri, boolean serverDone) {

    /** The handle of a query that is known only by the id the driver gave it (no response yet). */
    static QueryHandle byId(String queryId) {
        return new QueryHandle(queryId, null, null, null, false);
    }

    /** This handle with the URIs {@code page} names; its {@code next_uri} is the final URI on the last page. */
    QueryHandle with(QueryResponse page) {
        String finalUri = this.finalUri;
        if (page.finalUri() != null) {
            finalUri = page.finalUri();
        }
        if (page.nextUri() != null && page.isLastPage()) {
            finalUri = page.nextUri();
        }
        String killUri = page.killUri() != null ? page.killUri() : this.killUri;
        return new QueryHandle(queryId, nodeId, finalUri, killUri, serverDone);
    }

    /** This handle once the server has nothing more to send: the query is then finished, not killed. */
    QueryHandle done() {
        return serverDone ? this : new QueryHandle(queryId, nodeId, finalUri, killUri, true);
    }

    /** {@code kill_uri}, or the kill URI by query id when no response named one. */
    String killTarget() {
        return killUri != null ? killUri : "/v1/query/" + queryId + "/kill";
    }
}
