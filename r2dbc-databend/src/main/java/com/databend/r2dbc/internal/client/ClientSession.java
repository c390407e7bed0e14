package com.databend.r2dbc.internal.client;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * One logical Databend session (docs/protocol.md §6): the {@code session} object last received, the client-session
 * cookies, the node the session sticks to and the route hint (§2.5). Every request of a connection goes through its
 * session, which also knows whether one is in flight and when the last one was sent ({@link SessionKeepAlive}).
 */
public final class ClientSession implements QueryExchange {

    private static final AtomicLong ROUTE_HINT_NONCE = new AtomicLong();

    private final HttpTransport transport;
    // guarded by itself; the Cookie header is rebuilt only when a response changes a cookie
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private volatile String cookieHeader;
    private volatile String sessionJson;
    private volatile SessionSnapshot snapshot;
    private volatile String nodeId;
    private volatile String serverVersion;
    /** The query started last: only its responses change the session (docs/protocol.md §6.1). */
    private volatile String latestQueryId;
    private volatile String routeHint = newRouteHint();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastRequestNanos = System.nanoTime();

    public ClientSession(HttpTransport transport, String database, String role, Map<String, String> settings) {
        this.transport = requireNonNull(transport, "transport must not be null");
        this.sessionJson = initialSession(database, role, settings);
        this.cookies.put("cookie_enabled", "true");
        this.cookieHeader = "cookie_enabled=true";
    }

    /** The server version from login (or a response header), or {@code null} when unknown. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The {@code session} last received, or {@code null} before the first query. */
    public SessionSnapshot snapshot() {
        return snapshot;
    }

    public boolean inTransaction() {
        SessionSnapshot current = snapshot;
        return current != null && current.inTransaction();
    }

    public boolean needKeepAlive() {
        SessionSnapshot current = snapshot;
        return current != null && current.needKeepAlive();
    }

    /**
     * Whether the session needs a heartbeat of its own now: the server keeps state of it (§6.5), no request is in
     * flight and none was sent for {@code idleNanos}.
     */
    boolean idleAndNeedsHeartbeat(long idleNanos) {
        SessionSnapshot current = snapshot;
        return current != null && current.needsHeartbeat() && inFlight.get() == 0
                && System.nanoTime() - lastRequestNanos >= idleNanos;
    }

    /**
     * {@code POST /v1/session/login} (docs/protocol.md §7) with a client session cookie. Emits the server version, or
     * an empty string when the server is too old to have the endpoint (404). When the transport's credentials are
     * {@link SessionTokens}, asks for session tokens, which then authenticate the connection's requests; otherwise
     * asks for none.
     */
    public Mono<String> login(String database, String role, Map<String, String> settings) {
        byte[] body = sessionObject(database, role, settings);
        SessionTokens tokens = transport.credentials() instanceof SessionTokens own ? own : null;
        String uri = tokens == null ? "/v1/session/login?disable_session_token=true" : "/v1/session/login";
        return tracked(transport.post(uri, body, h -> headers(h, null), true, null))
                .handle((result, sink) -> {
                    remember(result);
                    if (result.status() == 404) {
                        sink.next("");
                        return;
                    }
                    if (!result.ok()) {
                        sink.error(ExceptionFactory.response(result, null));
                        return;
                    }
                    try {
                        String version = ResponseParser.parseLoginVersion(result.body());
                        if (version != null) {
                            serverVersion = version;
                        }
                        TokenPair received = tokens == null ? null
                                : ResponseParser.parseTokens(result.body(), System.nanoTime());
                        if (received != null) {
                            tokens.start(received, this::refresh);
                        }
                        sink.next(version == null ? "" : version);
                    } catch (IOException e) {
                        sink.error(ExceptionFactory.unreadable(e, null));
                    }
                });
    }

    /**
     * {@code POST /v1/session/refresh} (docs/protocol.md §7) with the refresh token of {@code stale}, naming its
     * session token so that the server drops it. Emits the new pair; a refusal (5102 expired, 5104 unknown) is the
     * R2DBC exception of its code.
     */
    private Mono<TokenPair> refresh(TokenPair stale) {
        byte[] body = json(generator -> {
            generator.writeStartObject();
            generator.writeStringField("session_token", stale.sessionToken());
            generator.writeEndObject();
        });
        return transport.withCredentials(Credentials.fixed(Authorization.bearer(stale.refreshToken())))
                .post("/v1/session/refresh", body, h -> headers(h, null), false, null)
                .handle((result, sink) -> {
                    remember(result);
                    if (!result.ok()) {
                        sink.error(ExceptionFactory.response(result, null));
                        return;
                    }
                    try {
                        TokenPair next = ResponseParser.parseTokens(result.body(), System.nanoTime());
                        if (next == null) {
                            sink.error(ExceptionFactory.unreadable(new IOException("a refresh answer without tokens"),
                                    null));
                            return;
                        }
                        sink.next(next);
                    } catch (IOException e) {
                        sink.error(ExceptionFactory.unreadable(e, null));
                    }
                });
    }

    /** Whether closing needs a logout: the server keeps something of the session, or a session token to drop. */
    public boolean needLogout() {
        return needKeepAlive() || transport.credentials() instanceof SessionTokens tokens && tokens.active();
    }

    /** {@code POST /v1/session/logout}; errors are ignored. */
    public Mono<Void> logout() {
        return tracked(transport.post("/v1/session/logout", "{}".getBytes(StandardCharsets.UTF_8),
                        h -> headers(h, nodeId), false, null))
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    /**
     * {@code POST /v1/session/heartbeat} naming no query (docs/protocol.md §4.4): keeps the client session, and the
     * temp tables the server holds for it, from expiring. Sent to the sticky node; fails on any answer but 200.
     */
    Mono<Void> sessionHeartbeat() {
        byte[] body = "{\"node_to_queries\":{}}".getBytes(StandardCharsets.UTF_8);
        return tracked(transport.post("/v1/session/heartbeat", body, h -> headers(h, nodeId), false, null))
                .handle((result, sink) -> {
                    remember(result);
                    if (result.ok()) {
                        sink.complete();
                    } else {
                        sink.error(ExceptionFactory.response(result, null));
                    }
                });
    }

    /** A new query id: 32 hex characters, like the server's own. */
    public static String newQueryId() {
        UUID uuid = UUID.randomUUID();
        return hex(uuid.getMostSignificantBits()) + hex(uuid.getLeastSignificantBits());
    }

    @Override
    public Mono<QueryResponse> start(QueryRequest request, String queryId) {
        byte[] body = json(generator -> {
            generator.writeStartObject();
            generator.writeStringField("sql", request.sql());
            generator.writeFieldName("session");
            generator.writeRawValue(sessionJson);
            generator.writeObjectFieldStart("pagination");
            generator.writeNumberField("wait_time_secs", request.waitTimeSecs());
            generator.writeNumberField("max_rows_per_page", request.maxRowsPerPage());
            generator.writeEndObject();
            if (request.params() != null) {
                generator.writeFieldName("params");
                request.params().write(generator);
            }
            if (request.stageAttachment() != null) {
                generator.writeFieldName("stage_attachment");
                request.stageAttachment().write(generator);
            }
            generator.writeEndObject();
        });
        SessionSnapshot current = snapshot;
        String sticky = current != null && (current.needSticky() || current.inTransaction()) ? nodeId : null;
        latestQueryId = queryId;
        if (current == null || !current.inTransaction()) {
            // a statement of a transaction keeps the hint of the transaction's first, so it is routed alike
            routeHint = newRouteHint(queryId);
        }
        return tracked(transport.post("/v1/query", body, h -> {
            headers(h, sticky);
            h.set("X-DATABEND-QUERY-ID", queryId);
        }, true, queryId)).handle((result, sink) -> read(result, queryId, sink));
    }

    @Override
    public Mono<QueryResponse> fetch(QueryHandle query, String uri) {
        return tracked(transport.get(uri, h -> headers(h, query.nodeId()), true, query.queryId()))
                .handle((result, sink) -> read(result, query.queryId(), sink));
    }

    /**
     * {@code PUT /v1/streaming_load} (docs/protocol.md §8.4): {@code data} becomes the one file part of a multipart
     * body, streamed as it is produced. The session travels in {@code X-DATABEND-QUERY-CONTEXT}, so a load inside a
     * transaction is part of it, and the session the server answers replaces the stored one. Not retried.
     *
     * @param sql {@code INSERT INTO t [(cols)] FROM @_databend_load FILE_FORMAT = (…)}, printable ASCII only
     */
    public Mono<LoadResponse> streamingLoad(String sql, String fileName, Publisher<? extends ByteBuf> data,
                                            String queryId) {
        MultipartFile body = new MultipartFile("upload", fileName);
        SessionSnapshot current = snapshot;
        String sticky = current != null && (current.needSticky() || current.inTransaction()) ? nodeId : null;
        String context = asciiJson(sessionJson);
        latestQueryId = queryId;
        return tracked(transport.put("/v1/streaming_load", body.contentType(), body.around(data), h -> {
            headers(h, sticky);
            h.set("X-DATABEND-SQL", sql);
            h.set("X-DATABEND-QUERY-CONTEXT", context);
            h.set("X-DATABEND-QUERY-ID", queryId);
        }, queryId)).handle((result, sink) -> {
            remember(result);
            takeQueryContext(result);
            if (!result.ok()) {
                sink.error(ExceptionFactory.loadResponse(result, queryId));
                return;
            }
            try {
                sink.next(ResponseParser.parseLoadResponse(result.body(), queryId));
            } catch (IOException e) {
                sink.error(ExceptionFactory.unreadable(e, queryId));
            }
        });
    }

    /**
     * {@code PUT /v1/upload_to_stage} (docs/protocol.md §8.1): {@code data}, streamed as it is produced, becomes
     * {@code @<stage>/<relativePath>/<fileName>}. Not retried.
     */
    public Mono<Void> uploadToStage(String stage, String relativePath, String fileName,
                                    Publisher<? extends ByteBuf> data) {
        MultipartFile body = new MultipartFile("upload", fileName);
        return tracked(transport.put("/v1/upload_to_stage", body.contentType(), body.around(data), h -> {
            headers(h, null);
            h.set("X-DATABEND-STAGE-NAME", stage);
            h.set("X-DATABEND-RELATIVE-PATH", relativePath);
        }, null)).handle((result, sink) -> {
            remember(result);
            if (result.ok()) {
                sink.complete();
            } else {
                sink.error(ExceptionFactory.response(result, null));
            }
        });
    }

    /**
     * {@code PUT}s a file's bytes to the URL of {@code PRESIGN UPLOAD} (docs/protocol.md §8.2), outside the session:
     * no credentials or cookies go to the storage. {@code location} names the file in errors.
     */
    public Mono<Void> putPresigned(PresignedRequest request, long length, Publisher<? extends ByteBuf> data,
                                   String location) {
        return transport.putPresigned(request, length, data).handle((result, sink) -> {
            if (result.ok()) {
                sink.complete();
            } else {
                sink.error(ExceptionFactory.presigned(result.status(),
                        new String(result.body(), StandardCharsets.UTF_8), "upload to", location));
            }
        });
    }

    /** The bytes at the URL of {@code PRESIGN DOWNLOAD}, streamed, outside the session. */
    public Flux<ByteBuffer> getPresigned(PresignedRequest request, String location) {
        return transport.getPresigned(request, (status, text) -> ExceptionFactory.presigned(status, text,
                "download of", location));
    }

    /** The session of a load's answer: base64url JSON, or raw JSON (docs/protocol.md §8.4). */
    private void takeQueryContext(HttpResult result) {
        String header = result.queryContext();
        if (header == null || header.isBlank()) {
            return;
        }
        String text = header.strip();
        try {
            byte[] json = text.startsWith("{") ? text.getBytes(StandardCharsets.UTF_8)
                    : Base64.getUrlDecoder().decode(text);
            SessionSnapshot received = ResponseParser.parseSession(json);
            snapshot = received;
            sessionJson = received.json();
        } catch (IOException | IllegalArgumentException e) {
            // an unreadable context leaves the session as it was before the load
        }
    }

    /** JSON text with every character outside ASCII escaped, so that it can travel in an HTTP header. */
    static String asciiJson(String json) {
        StringBuilder text = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c > 0x7E) {
                if (text == null) {
                    text = new StringBuilder(json.length() + 16).append(json, 0, i);
                }
                text.append(String.format("\\u%04x", (int) c));
            } else if (text != null) {
                text.append(c);
            }
        }
        return text == null ? json : text.toString();
    }

    /** Not retried: a lost answer to {@code final} leaves the query to the server's result timeout. */
    @Override
    public Mono<Void> finish(QueryHandle query) {
        return query.finalUri() == null ? Mono.empty() : close(query.finalUri(), query);
    }

    @Override
    public Mono<Void> kill(QueryHandle query) {
        return close(query.killTarget(), query);
    }

    /** {@code POST /v1/session/heartbeat} for one query; emits whether the server wants more heartbeats. */
    @Override
    public Mono<Boolean> heartbeat(QueryHandle query) {
        String queryNode = query.nodeId();
        byte[] body = json(generator -> {
            generator.writeStartObject();
            generator.writeObjectFieldStart("node_to_queries");
            generator.writeArrayFieldStart(queryNode == null ? "" : queryNode);
            generator.writeString(query.queryId());
            generator.writeEndArray();
            generator.writeEndObject();
            generator.writeEndObject();
        });
        return tracked(transport.post("/v1/session/heartbeat", body, h -> headers(h, queryNode), false,
                        query.queryId()))
                .map(result -> {
                    if (!result.ok()) {
                        return false;
                    }
                    try {
                        return !ResponseParser.parseQueriesToRemove(result.body()).contains(query.queryId());
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    private Mono<Void> close(String uri, QueryHandle query) {
        return tracked(transport.postEnding(uri, h -> headers(h, query.nodeId()), QueryEnding.ANSWER_TIMEOUT,
                        query.queryId()))
                .doOnNext(this::remember)
                .then();
    }

    /** A 200 response parsed (and its session taken), else the R2DBC exception of the failure. */
    private void read(HttpResult result, String queryId, SynchronousSink<QueryResponse> sink) {
        remember(result);
        if (!result.ok()) {
            sink.error(ExceptionFactory.response(result, queryId));
            return;
        }
        QueryResponse response;
        try {
            response = ResponseParser.parseQueryResponse(result.body());
        } catch (IOException e) {
            sink.error(ExceptionFactory.unreadable(e, queryId));
            return;
        }
        if (queryId.equals(latestQueryId)) {
            update(response);
        }
        sink.next(response);
    }

    /**
     * Takes the session echo and node of a response (docs/protocol.md §6.1): only non-null sessions replace the stored
     * one, and only those of the query started last: a result read after the next statement started (outside a
     * transaction, a result nobody had subscribed to) carries the session as it was before that statement.
     */
    private void update(QueryResponse response) {
        SessionSnapshot received = response.session();
        if (received != null) {
            snapshot = received;
            sessionJson = received.json();
        }
        if (response.nodeId() != null && !response.nodeId().isEmpty()) {
            nodeId = response.nodeId();
        }
    }

    /** Counts {@code request} as in flight from subscription to its end; its start is the session's last request. */
    private <T> Mono<T> tracked(Mono<T> request) {
        return Mono.defer(() -> {
            inFlight.incrementAndGet();
            lastRequestNanos = System.nanoTime();
            return request.doFinally(signal -> {
                lastRequestNanos = System.nanoTime();
                inFlight.decrementAndGet();
            });
        });
    }

    /**
     * The session's headers (docs/protocol.md §2.5): cookies, the sticky node, the route hint and, once the session's
     * settings name a warehouse (§6.6), that warehouse in place of the configured one.
     */
    private void headers(HttpHeaders headers, String stickyNode) {
        headers.set(HttpHeaderNames.COOKIE, cookieHeader);
        if (stickyNode != null && !stickyNode.isEmpty()) {
            headers.set("X-DATABEND-STICKY-NODE", stickyNode);
        }
        headers.set("X-DATABEND-ROUTE-HINT", routeHint);
        SessionSnapshot current = snapshot;
        if (current != null && current.warehouse() != null) {
            headers.set("X-DATABEND-WAREHOUSE", current.warehouse());
        }
    }

    /** A route hint as Databend's clients make one: random, and unique within this driver. */
    static String newRouteHint() {
        return routeHint(UUID.randomUUID().toString());
    }

    /**
     * The route hint of the statement started as {@code queryId}: the random UUID of a {@link #newQueryId()} (32 hex
     * digits), written as a UUID, so that a statement draws one random UUID, not two.
     */
    static String newRouteHint(String queryId) {
        if (queryId.length() != 32) {
            return newRouteHint();
        }
        return routeHint(queryId.substring(0, 8) + '-' + queryId.substring(8, 12) + '-' + queryId.substring(12, 16)
                + '-' + queryId.substring(16, 20) + '-' + queryId.substring(20));
    }

    private static String routeHint(String uuid) {
        String nonce = Long.toString(ROUTE_HINT_NONCE.getAndIncrement());
        // at least six digits, as Databend's clients write it
        return "rh:" + uuid + ":" + "000000".substring(Math.min(6, nonce.length())) + nonce;
    }

    private void remember(HttpResult result) {
        String answeredHint = result.routeHint();
        if (answeredHint != null && !answeredHint.isEmpty()) {
            routeHint = answeredHint;
        }
        List<String> setCookies = result.setCookies();
        if (!setCookies.isEmpty()) {
            takeCookies(setCookies);
        }
        if (serverVersion == null && result.serverVersion() != null) {
            serverVersion = result.serverVersion();
        }
    }

    private void takeCookies(List<String> setCookies) {
        synchronized (cookies) {
            boolean changed = false;
            for (String setCookie : setCookies) {
                int semicolon = setCookie.indexOf(';');
                String pair = semicolon >= 0 ? setCookie.substring(0, semicolon) : setCookie;
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String value = pair.substring(equals + 1).trim();
                    changed |= !value.equals(cookies.put(pair.substring(0, equals).trim(), value));
                }
            }
            if (changed) {
                StringBuilder header = new StringBuilder();
                for (Map.Entry<String, String> entry : cookies.entrySet()) {
                    if (header.length() > 0) {
                        header.append("; ");
                    }
                    header.append(entry.getKey()).append('=').append(entry.getValue());
                }
                cookieHeader = header.toString();
            }
        }
    }

    private static String initialSession(String database, String role, Map<String, String> settings) {
        return new String(sessionObject(database, role, settings), StandardCharsets.UTF_8);
    }

    /** The session object a login and a first query send: database, role and settings when given. */
    private static byte[] sessionObject(String database, String role, Map<String, String> settings) {
        return json(generator -> {
            generator.writeStartObject();
            if (database != null) {
                generator.writeStringField("database", database);
            }
            if (role != null) {
                generator.writeStringField("role", role);
            }
            if (settings != null && !settings.isEmpty()) {
                generator.writeObjectFieldStart("settings");
                for (Map.Entry<String, String> setting : settings.entrySet()) {
                    generator.writeStringField(setting.getKey(), setting.getValue());
                }
                generator.writeEndObject();
            }
            generator.writeEndObject();
        });
    }

    private static String hex(long value) {
        String text = Long.toHexString(value);
        return "0".repeat(16 - text.length()) + text;
    }

    static byte[] json(JsonWriter writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = ResponseParser.JSON.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator generator) throws IOException;
    }

    @Override
    public String toString() {
        return "ClientSession{node=" + nodeId + ", serverVersion=" + serverVersion + ", routeHint=" + routeHint + '}';
    }
}
