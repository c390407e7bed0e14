package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.CloseReason;
import com.databend.r2dbc.tck.server.query.HttpQuery;
import com.databend.r2dbc.tck.server.query.Pagination;
import com.databend.r2dbc.tck.server.query.ProtocolError;
import com.databend.r2dbc.tck.server.query.QueryRequest;
import com.databend.r2dbc.tck.server.query.QueryResponse;
import com.databend.r2dbc.tck.server.query.QueryService;
import com.databend.r2dbc.tck.server.query.ServerContext;
import com.databend.r2dbc.tck.server.query.StateResponse;
import com.databend.r2dbc.tck.server.session.AuthenticationFailure;
import com.databend.r2dbc.tck.server.session.Authentication;
import com.databend.r2dbc.tck.server.session.ClientSession;
import com.databend.r2dbc.tck.server.session.ClientSessions;
import com.databend.r2dbc.tck.server.session.RequestAuthenticator;
import com.databend.r2dbc.tck.server.session.SessionTokenStore;
import com.databend.r2dbc.tck.server.session.SessionInternal;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.PresignedUrls;
import com.databend.r2dbc.tck.server.sql.StageAttachment;
import com.databend.r2dbc.tck.server.sql.StageStore;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The routes of one node (docs/protocol.md §1): method and path checks, sticky forwarding, authentication, client
 * sessions, then the query, session and health endpoints. Every answer carries {@code X-DATABEND-VERSION}.
 */
public final class NodeHandler {

    private static final Pattern QUERY_PATH = Pattern.compile("/v1/query/([^/]+)(?:/(page)/([^/]+)|/(final|kill))?");

    private final QueryService service;

    private final ServerContext context;

    private final Cluster cluster;

    private final RequestAuthenticator authentication;

    private final Instant startedAt = Instant.now();

    NodeHandler(QueryService service, ServerContext context, Cluster cluster) {
        this.service = requireNonNull(service, "service must not be null");
        this.context = requireNonNull(context, "context must not be null");
        this.cluster = requireNonNull(cluster, "cluster must not be null");
        this.authentication = new RequestAuthenticator(context.users(), context.sessionTokens(),
            context.accessTokens());
    }

    String nodeId() {
        return this.service.nodeId();
    }

    QueryService service() {
        return this.service;
    }

    /** Answers one request; never fails (errors become error bodies). */
    Mono<HttpReply> handle(HttpExchange exchange) {
        return Mono.defer(() -> route(exchange, true))
            .onErrorResume(this::errorReply)
            .map(reply -> reply.withHeader("X-DATABEND-VERSION", this.context.version()));
    }

    /** {@code reply} with the headers every answer carries. */
    Mono<HttpReply> withVersion(HttpReply reply) {
        return Mono.just(reply.withHeader("X-DATABEND-VERSION", this.context.version()));
    }

    private Mono<HttpReply> errorReply(Throwable error) {
        if (error instanceof ProtocolError protocol) {
            return Mono.just(HttpReply.json(protocol.status(), JsonBodies.error(protocol.status(), protocol.getMessage())));
        }
        if (error instanceof AuthenticationFailure auth) {
            this.context.authentications().refused(auth.code());
            return Mono.just(HttpReply.json(401, JsonBodies.error(auth.code(), auth.getMessage())));
        }
        String message = Objects.toString(error.getMessage(), error.getClass().getName());
        return Mono.just(HttpReply.json(500, JsonBodies.error(500, message)));
    }

    private Mono<HttpReply> route(HttpExchange exchange, boolean mayForward) {
        String path = exchange.path();
        String method = exchange.method();
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            return Mono.just(HttpReply.text(200, "ok"));
        }
        if (path.equals("/v1/query")) {
            requireMethod(method, "POST");
            return forwardOr(exchange, mayForward, () -> startQuery(exchange));
        }
        Matcher m = QUERY_PATH.matcher(path);
        if (m.matches()) {
            String id = m.group(1);
            if (m.group(2) != null) {
                requireMethod(method, "GET");
                return forwardOr(exchange, mayForward, () -> page(exchange, id, m.group(3)));
            }
            if (m.group(4) != null) {
                requireMethod(method, "GET", "POST");
                boolean kill = m.group(4).equals("kill");
                return forwardOr(exchange, mayForward, () -> kill ? kill(exchange, id) : finish(exchange, id));
            }
            requireMethod(method, "GET");
            return forwardOr(exchange, mayForward, () -> state(exchange, id));
        }
        if (path.startsWith(PresignedUrls.PATH)) {
            return presigned(exchange, path.substring(PresignedUrls.PATH.length()));
        }
        switch (path) {
            case "/v1/session/login" -> {
                requireMethod(method, "POST");
                return login(exchange);
            }
            case "/v1/session/logout" -> {
                requireMethod(method, "POST");
                return forwardOr(exchange, mayForward, () -> {
                    Session session = authenticate(exchange);
                    this.context.journal().logoutReceived();
                    this.service.logout(session.user(), session.client().id());
                    if (session.authentication().token() != null) {
                        this.context.sessionTokens().drop(session.authentication().token());
                    }
                    return Mono.just(withClientSession(HttpReply.json(200, JsonBodies.nullError()), session.client()));
                });
            }
            case "/v1/session/refresh" -> {
                requireMethod(method, "POST");
                return Mono.just(refresh(exchange));
            }
            case "/v1/session/heartbeat" -> {
                requireMethod(method, "POST");
                return heartbeat(exchange);
            }
            case "/v1/upload_to_stage" -> {
                requireMethod(method, "PUT");
                return forwardOr(exchange, mayForward, () -> uploadToStage(exchange));
            }
            case "/v1/streaming_load" -> {
                requireMethod(method, "PUT");
                return forwardOr(exchange, mayForward, () -> streamingLoad(exchange));
            }
            case "/v1/discovery_nodes" -> {
                requireMethod(method, "GET");
                authenticate(exchange);
                return Mono.just(HttpReply.json(200, JsonBodies.discoveryNodes(this.cluster.addresses())));
            }
            default -> throw new ProtocolError(404, "not found");
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(method)) {
                return;
            }
        }
        throw new ProtocolError(405, "method not allowed");
    }

    /** Hands the request to the node named by {@code X-DATABEND-STICKY-NODE} when that is another node. */
    private Mono<HttpReply> forwardOr(HttpExchange exchange, boolean mayForward,
                                      Supplier<Mono<HttpReply>> local) {
        String sticky = exchange.header("X-DATABEND-STICKY-NODE");
        if (mayForward && sticky != null && !sticky.isEmpty() && !sticky.equals(nodeId())) {
            NodeHandler target = this.cluster.find(sticky);
            if (target == null) {
                throw new ProtocolError(400, "Some(400) BadArguments. Code: 1006, Text = Sticky session state lost: node '"
                    + sticky + "' not found in cluster, request = " + exchange.method() + " " + exchange.path() + ".");
            }
            return target.route(exchange, false);
        }
        return local.get();
    }

    private record Session(Authentication authentication, ClientSession client) {

        String user() {
            return this.authentication.user();
        }
    }

    /** The request's user and client session; any authenticated request keeps its client session's temp tables. */
    private Session authenticate(HttpExchange exchange) {
        Authentication authentication = this.authentication.authenticate(exchange.headers().getAll("Authorization"),
            exchange.header("X-DATABEND-AUTH-METHOD"), exchange.header("X-DATABEND-TENANT"));
        this.context.authentications().authenticated(exchange.method(), exchange.path(), authentication.kind());
        ClientSession client = ClientSessions.resolve(exchange.header("Cookie"),
            exchange.header("X-DATABEND-CLIENT-CAPS"), exchange.header("X-DATABEND-SESSION"));
        this.context.tempTables().touch(authentication.user(), client.id());
        return new Session(authentication, client);
    }

    /**
     * {@code POST /v1/session/refresh} (docs/protocol.md §7): the refresh token authenticates; the session token of
     * the body, when given, is dropped.
     */
    private HttpReply refresh(HttpExchange exchange) {
        String refreshToken = this.authentication.refreshToken(exchange.headers().getAll("Authorization"));
        SessionTokenStore.Tokens tokens = this.context.sessionTokens().refresh(refreshToken,
            RequestBodies.refreshSessionToken(exchange.body()));
        ClientSession client = ClientSessions.resolve(exchange.header("Cookie"),
            exchange.header("X-DATABEND-CLIENT-CAPS"), exchange.header("X-DATABEND-SESSION"));
        return withClientSession(HttpReply.json(200, JsonBodies.refresh(tokens)), client);
    }

    private static void requireJson(HttpExchange exchange) {
        String contentType = exchange.header("Content-Type");
        if (contentType == null) {
            throw new ProtocolError(415, "expect content type `application/json`");
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/json")) {
            throw new ProtocolError(415, "invalid content type `" + contentType + "`, expect: `application/json`");
        }
    }

    private Mono<HttpReply> startQuery(HttpExchange exchange) {
        Session session = authenticate(exchange);
        requireJson(exchange);
        QueryRequest request = RequestBodies.queryRequest(exchange.body());
        String requestedId = exchange.header("X-DATABEND-QUERY-ID");
        String routeHint = exchange.header("X-DATABEND-ROUTE-HINT");
        return this.service.start(session.user(), session.client(), requestedId, request)
            .map(response -> {
                HttpReply reply = withClientSession(queryReply(response), session.client());
                return routeHint == null || routeHint.isEmpty() ? reply
                    : reply.withHeader("X-DATABEND-ROUTE-HINT", pinnedRouteHint(routeHint));
            });
    }

    /**
     * The route hint a gateway answers a query start with (docs/protocol.md §2.5): the client's hint pinned to the
     * node that ran the query, {@code <node id>/<hint>}, which the client sends on from then on.
     */
    private String pinnedRouteHint(String requested) {
        return nodeId() + "/" + requested.substring(requested.lastIndexOf('/') + 1);
    }

    private HttpQuery lookup(HttpExchange exchange, String id, Session session) {
        String expectedNode = exchange.header("X-DATABEND-NODE-ID");
        if (expectedNode != null && !expectedNode.isEmpty() && !expectedNode.equals(nodeId())) {
            long uptime = Instant.now().getEpochSecond() - this.startedAt.getEpochSecond();
            throw new ProtocolError(404, "Routing error: query " + id + " should be on server " + expectedNode
                + ", but current server is " + nodeId() + ", which started at " + this.startedAt + " (" + uptime
                + " secs ago)");
        }
        return this.service.query(id, session.user(), session.client().id());
    }

    private Mono<HttpReply> page(HttpExchange exchange, String id, String pageText) {
        Session session = authenticate(exchange);
        int pageNo;
        try {
            pageNo = Integer.parseInt(pageText);
        } catch (NumberFormatException e) {
            throw new ProtocolError(400, "failed to parse path `page_no`: invalid digit found in string");
        }
        HttpQuery query = lookup(exchange, id, session);
        return query.page(pageNo, query.waitTimeSecs())
            .map(response -> withClientSession(queryReply(response), session.client()));
    }

    private Mono<HttpReply> finish(HttpExchange exchange, String id) {
        Session session = authenticate(exchange);
        HttpQuery query = lookup(exchange, id, session);
        return Mono.just(withClientSession(queryReply(query.finish()), session.client()));
    }

    private Mono<HttpReply> kill(HttpExchange exchange, String id) {
        Session session = authenticate(exchange);
        HttpQuery query = lookup(exchange, id, session);
        query.close(CloseReason.CANCELED);
        return Mono.just(withClientSession(HttpReply.empty(200), session.client()));
    }

    private Mono<HttpReply> state(HttpExchange exchange, String id) {
        Session session = authenticate(exchange);
        HttpQuery query = lookup(exchange, id, session);
        StateResponse state = query.stateResponse();
        return Mono.just(withClientSession(HttpReply.json(200, JsonBodies.stateResponse(state))
            .withHeader("X-DATABEND-QUERY-ID", id)
            .withHeader("X-DATABEND-QUERY-STATE", state.state().name()), session.client()));
    }

    private Mono<HttpReply> login(HttpExchange exchange) {
        Session session = authenticate(exchange);
        String database = RequestBodies.loginDatabase(exchange.body());
        if (session.client().id() == null) {
            return Mono.just(HttpReply.text(500, "[HTTP-PANIC] Internal server error: request handler panicked"));
        }
        Mono<Boolean> exists = database == null || database.isEmpty() ? Mono.just(true)
            : Mono.fromCallable(() -> this.context.databaseExists(database))
                .subscribeOn(this.context.worker());
        return exists.map(ok -> {
            if (!ok) {
                throw new ProtocolError(400, new DatabendError(1003, "Unknown database '" + database + "'").getMessage());
            }
            // an external JWT gets no tokens, nor does a client that asks for none
            boolean issue = !exchange.query().contains("disable_session_token=true")
                && session.authentication().kind() != Authentication.Kind.ACCESS_TOKEN
                && session.authentication().kind() != Authentication.Kind.SESSION_TOKEN;
            SessionTokenStore.Tokens tokens = issue ? this.context.sessionTokens().issue(session.user()) : null;
            return withClientSession(HttpReply.json(200, JsonBodies.login(this.context.version(),
                session.client().id(), tokens)), session.client());
        });
    }

    /**
     * A URL handed out by {@code PRESIGN} (docs/protocol.md §8.2), answered as object storage answers one: the URL is
     * the credential, {@code PUT} stores the body, {@code GET} returns the file; an unknown or expired URL, or another
     * method than the one presigned, is 403.
     */
    private Mono<HttpReply> presigned(HttpExchange exchange, String token) {
        StageStore stages = this.context.engine().stages();
        stages.presigned().served(exchange.header("Authorization") != null || exchange.header("Cookie") != null);
        PresignedUrls.Grant grant = stages.presigned().find(token, exchange.method());
        if (grant == null) {
            return Mono.just(HttpReply.text(403, "Request has expired or is not signed for " + exchange.method()));
        }
        if (grant.method().equals("PUT")) {
            stages.put(grant.location(), exchange.body());
            return Mono.just(HttpReply.empty(200));
        }
        return Mono.fromCallable(() -> {
            List<StageStore.StagedFile> files = stages.files(grant.location());
            if (files.size() != 1 || !files.get(0).path().equals(StageStore.normalize(grant.location()))) {
                return HttpReply.text(404, "The specified key does not exist.");
            }
            try (InputStream content = files.get(0).content().open()) {
                return new HttpReply(200, List.of(Map.entry("Content-Type", "application/octet-stream")),
                    content.readAllBytes());
            }
        }).subscribeOn(this.context.worker());
    }

    /**
     * {@code PUT /v1/upload_to_stage} (docs/protocol.md §8): every file part goes to the stage named by the headers.
     */
    private Mono<HttpReply> uploadToStage(HttpExchange exchange) {
        Session session = authenticate(exchange);
        String stage = firstHeader(exchange, "X-DATABEND-STAGE-NAME", "stage_name");
        if (stage == null || stage.isEmpty()) {
            throw new ProtocolError(400, "Missing required header X-DATABEND-STAGE-NAME in request");
        }
        String relativePath = firstHeader(exchange, "X-DATABEND-RELATIVE-PATH", "relative_path");
        List<MultipartBody.Part> parts = MultipartBody.parse(exchange.header("Content-Type"), exchange.body());
        List<String> files = new ArrayList<>();
        for (MultipartBody.Part part : parts) {
            if (part.fileName() == null || part.fileName().isEmpty()) {
                throw new ProtocolError(400, "Invalid form-data field '" + part.name()
                    + "': expected a file upload with a filename");
            }
            this.context.engine().stages().upload(stage, relativePath, part.fileName(), part.content());
            files.add(part.fileName());
        }
        String id = UUID.randomUUID().toString();
        return Mono.just(withClientSession(HttpReply.json(200, JsonBodies.uploadToStage(id, stage, files)),
            session.client()));
    }

    /**
     * {@code PUT /v1/streaming_load} (docs/protocol.md §8.4): the file part is staged while it arrives and read by the
     * INSERT of {@code X-DATABEND-SQL} as a stream; the session travels in {@code X-DATABEND-QUERY-CONTEXT}.
     */
    private Mono<HttpReply> streamingLoad(HttpExchange exchange) {
        Session session = authenticate(exchange);
        StreamingLoadSql load = StreamingLoadSql.parse(exchange.header("X-DATABEND-SQL"));
        String contextHeader = exchange.header("X-DATABEND-QUERY-CONTEXT");
        SessionState context = contextHeader == null ? null : RequestBodies.sessionContext(contextHeader);
        MultipartStream body = new MultipartStream(exchange.bodyStream(), exchange.header("Content-Type"));
        return Mono.fromCallable(() -> uploadPart(body))
            .subscribeOn(this.context.worker())
            .flatMap(upload -> {
                String location = "@~/_databend_load/" + UUID.randomUUID() + "/" + upload.fileName();
                StreamedUpload content = new StreamedUpload(upload.content());
                this.context.engine().stages().put(location, content);
                Map<String, String> fileFormat = new LinkedHashMap<>(load.fileFormatOptions());
                fileFormat.putIfAbsent("type", "csv");
                QueryRequest request = new QueryRequest(load.insertSql(), context,
                    new Pagination(60, Pagination.DEFAULT_MAX_ROWS_IN_BUFFER, Pagination.DEFAULT_MAX_ROWS_PER_PAGE),
                    null, new StageAttachment(location, fileFormat, Map.of("purge", "true")));
                return this.service.runToEnd(session.user(), session.client(), exchange.header("X-DATABEND-QUERY-ID"),
                        request)
                    .doOnNext(response -> this.service.dropTransactionOf(response.id()))
                    .map(response -> loadReply(response, context, content.size(), session))
                    .doFinally(signal -> this.context.engine().stages().remove(location));
            });
    }

    /** The {@code upload} file part, after any other parts. */
    private static MultipartStream.Part uploadPart(MultipartStream body) {
        try {
            MultipartStream.Part part;
            while ((part = body.next()) != null) {
                if (!"upload".equals(part.name())) {
                    continue;
                }
                if (part.fileName() == null || part.fileName().isEmpty()) {
                    throw new ProtocolError(400,
                        "Invalid form-data field 'upload': expected a file upload with a filename");
                }
                return part;
            }
        } catch (IOException e) {
            throw new ProtocolError(400, e.getMessage());
        }
        throw new ProtocolError(400, "Missing required form-data field 'upload'");
    }

    private HttpReply loadReply(QueryResponse response, SessionState context, long bytes, Session session) {
        DatabendError error = response.error();
        HttpReply reply = error != null
            ? HttpReply.json(400, JsonBodies.error(400, "Query execution failed: " + error.getMessage()
                + (error.detail() == null ? "" : "\n" + error.detail())))
            : HttpReply.json(200, JsonBodies.streamingLoad(response.id(), response.stats().writeRows(), bytes));
        if (context != null) {
            reply = reply.withHeader("X-DATABEND-QUERY-CONTEXT", Base64.getUrlEncoder().encodeToString(
                JsonBodies.session(loadedContext(context, response.id(), error != null))));
        }
        return withClientSession(reply, session.client());
    }

    /** The request's context after the load: {@code internal} names the load, a failed transaction is {@code Fail}. */
    private SessionState loadedContext(SessionState context, String queryId, boolean failed) {
        SessionInternal internal = context.internal() == null ? SessionInternal.empty() : context.internal();
        SessionInternal after = new SessionInternal(internal.variablesJson(), internal.lastQueryResultCacheKey(),
            internal.hasTempTable(), internal.lastNodeId() == null ? null : nodeId(),
            queryId.isEmpty() ? internal.lastQueryIds() : List.of(queryId));
        SessionState result = context.withInternal(after);
        if (failed && context.txnState() == TxnState.Active) {
            result = result.withTxnState(TxnState.Fail);
        }
        return result;
    }

    private static String firstHeader(HttpExchange exchange, String... names) {
        for (String name : names) {
            String value = exchange.header(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private Mono<HttpReply> heartbeat(HttpExchange exchange) {
        authenticate(exchange);
        requireJson(exchange);
        Map<String, List<String>> nodeToQueries = RequestBodies.heartbeat(exchange.body());
        if (nodeToQueries.values().stream().allMatch(List::isEmpty)) {
            this.context.journal().sessionHeartbeatReceived();
        }
        List<String> remove = new ArrayList<>();
        nodeToQueries.forEach((node, ids) -> {
            NodeHandler owner = node.equals(nodeId()) ? this : this.cluster.find(node);
            remove.addAll(owner == null ? ids : owner.service().heartbeat(ids));
        });
        return Mono.just(HttpReply.json(200, JsonBodies.heartbeat(remove)));
    }

    private static HttpReply queryReply(QueryResponse response) {
        return HttpReply.json(200, JsonBodies.queryResponse(response))
            .withHeader("X-DATABEND-QUERY-ID", response.id())
            .withHeader("X-DATABEND-QUERY-STATE", response.state().name())
            .withHeader("X-DATABEND-QUERY-PAGE-ROWS", Integer.toString(response.data().size()));
    }

    private static HttpReply withClientSession(HttpReply reply, ClientSession client) {
        HttpReply result = reply;
        for (String cookie : client.setCookies()) {
            result = result.withHeader("Set-Cookie", cookie);
        }
        if (client.id() != null) {
            result = result.withHeader("X-DATABEND-SESSION-ID", client.id());
        }
        if (client.sessionHeader() != null) {
            result = result.withHeader("X-DATABEND-SESSION", client.sessionHeader());
        }
        return result;
    }
}
