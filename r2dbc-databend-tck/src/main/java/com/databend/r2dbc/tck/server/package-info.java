/**
 * A Databend-compatible HTTP server for tests: Databend's {@code /v1/query} protocol (paging with long-polling,
 * the client-held session, transactions, kill / final, heartbeat, sticky nodes, stage uploads and streaming load)
 * on an in-process SQL engine.
 * <ul>
 *     <li>In-process: {@link com.databend.r2dbc.tck.server.DatabendTestServer#builder()}, then
 *     {@code baseUrl()}, {@code nodeUrls()}, {@code queries()} (observations), {@code faults()} (fault injection)
 *     and {@code close()}.</li>
 *     <li>Standalone: {@link com.databend.r2dbc.tck.server.DatabendTestServerMain}
 *     ({@code java -jar databend-test-server.jar --port 8000}).</li>
 * </ul>
 * Packages: {@code http} (routes, request and response bodies), {@code query} (queries, pages, plans,
 * transactions), {@code session} (users, authentication, the session object, client sessions), {@code sql} (the
 * engine) and {@code render} (Databend's value text).
 */
package com.databend.r2dbc.tck.server;
