package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

/**
 * What the query path needs from a Databend session: start a query, fetch its pages, end it, keep it alive.
 * {@link ClientSession} does it over HTTP; tests script it in memory. Every failure is an
 * {@code R2dbcException} that names the query id; a response's {@code error} member is left to the caller.
 */
public interface QueryExchange {

    /** {@code POST /v1/query} under {@code queryId} (retried with the same id); emits the first response. */
    Mono<QueryResponse> start(QueryRequest request, String queryId);

    /** GET of a page or state URI of {@code query} (retried: the server hands out the same page again). */
    Mono<QueryResponse> fetch(QueryHandle query, String uri);

    /** {@code final_uri}: the client is done with a query the server finished. Empty without a final URI. */
    Mono<Void> finish(QueryHandle query);

    /** {@code kill_uri} (or the kill URI by query id): stops a query the server may still be running. */
    Mono<Void> kill(QueryHandle query);

    /** One heartbeat for {@code query}; emits whether the server wants more of them. */
    Mono<Boolean> heartbeat(QueryHandle query);
}
