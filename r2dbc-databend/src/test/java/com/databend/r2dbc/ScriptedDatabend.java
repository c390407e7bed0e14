package com.databend.r2dbc;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * A tiny HTTP server for unit tests: records every request and answers with whatever the test's script
 * says, typically the golden pages with their placeholders replaced.
 */
final class ScriptedDatabend implements AutoCloseable {

    static final String NODE_ID = "node-test-1";
    private static final int DROP = -1;
    static final String LOGIN_OK = "{\"version\":\"1.2.934-nightly\",\"session_id\":\"s1\","
            + "\"server_max_arrow_result_version\":3}";

    record Request(String method, String uri, HttpHeaders headers, String body) {

        String header(String name) {
            return headers.get(name);
        }

        boolean is(String method, String uriPart) {
            return this.method.equals(method) && uri.contains(uriPart);
        }

        /** {@code POST /v1/query}: the start of a query (pages, final and kill have longer paths). */
        boolean isQueryStart() {
            return this.method.equals("POST") && uri.equals("/v1/query");
        }

        /** The query id the driver chose for a query start. */
        String queryId() {
            return header("X-DATABEND-QUERY-ID");
        }
    }

    record Reply(int status, String body, java.time.Duration delay, String setCookie, String queryContext) {

        Reply(int status, String body, java.time.Duration delay, String setCookie) {
            this(status, body, delay, setCookie, null);
        }

        Reply(int status, String body) {
            this(status, body, java.time.Duration.ZERO);
        }

        Reply(int status, String body, java.time.Duration delay) {
            this(status, body, delay, null);
        }

        /** This reply with a {@code Set-Cookie} header. */
        Reply withCookie(String setCookie) {
            return new Reply(status, body, delay, setCookie, queryContext);
        }

        /** This reply with an {@code X-DATABEND-QUERY-CONTEXT} header, as a streaming load answers. */
        Reply withQueryContext(String queryContext) {
            return new Reply(status, body, delay, setCookie, queryContext);
        }

        static Reply ok(String body) {
            return new Reply(200, body);
        }

        /** Closes the HTTP connection without answering, as a crashed node or a cut network would. */
        static Reply drop() {
            return new Reply(DROP, "");
        }
    }

    /** Logs in, answers every query start with the page {@code page} makes for it and anything else with {@code {}}. */
    static Function<Request, Reply> answeringStarts(Function<Request, String> page) {
        return request -> {
            if (request.is("POST", "/v1/session/login")) {
                return Reply.ok(LOGIN_OK);
            }
            if (request.isQueryStart()) {
                return Reply.ok(page.apply(request));
            }
            return Reply.ok("{}");
        };
    }

    /** A request received, or answered (recorded as its answer starts, so before the client can see it). */
    record Event(Request request, boolean answer) {
    }

    private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
    private final Queue<Event> timeline = new ConcurrentLinkedQueue<>();
    private final DisposableServer server;
    private volatile Function<Request, Reply> script;
    private volatile String version = "1.2.934-nightly";

    ScriptedDatabend(Function<Request, Reply> script) {
        this(script, null);
    }

    /** With {@code tls} non-null the server speaks HTTPS. */
    ScriptedDatabend(Function<Request, Reply> script, io.netty.handler.ssl.SslContext tls) {
        this(script, tls, 0);
    }

    /** Listens on {@code port} (0: any free port). */
    ScriptedDatabend(Function<Request, Reply> script, int port) {
        this(script, null, port);
    }

    private ScriptedDatabend(Function<Request, Reply> script, io.netty.handler.ssl.SslContext tls, int port) {
        this.script = script;
        HttpServer http = HttpServer.create();
        if (tls != null) {
            http = http.secure(spec -> spec.sslContext(tls));
        }
        this.server = http
                .host("127.0.0.1")
                .port(port)
                .handle((request, response) -> request.receive().aggregate().asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            Request recorded = new Request(request.method().name(), request.uri(),
                                    request.requestHeaders().copy(), body);
                            requests.add(recorded);
                            timeline.add(new Event(recorded, false));
                            Reply reply = this.script.apply(recorded);
                            if (reply.status() == DROP) {
                                request.withConnection(connection -> connection.channel().close());
                                return Mono.<Void>never();
                            }
                            if (reply.queryContext() != null) {
                                response.addHeader("X-DATABEND-QUERY-CONTEXT", reply.queryContext());
                            }
                            if (reply.setCookie() != null) {
                                response.addHeader("Set-Cookie", reply.setCookie());
                            }
                            // the body as an unpooled heap buffer: a client gone during the delay leaves it
                            // unwritten, and a pooled one would then be a leak the leak gate reports
                            return Mono.delay(reply.delay())
                                    .doOnNext(delayed -> timeline.add(new Event(recorded, true)))
                                    .then(response.status(reply.status())
                                            .header("Content-Type", "application/json")
                                            .header("X-DATABEND-VERSION", version)
                                            .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(
                                                    reply.body().getBytes(StandardCharsets.UTF_8))))
                                            .then());
                        }))
                .bindNow();
    }

    void script(Function<Request, Reply> script) {
        this.script = script;
    }

    /** The X-DATABEND-VERSION header of every response. */
    void version(String version) {
        this.version = version;
    }

    int port() {
        return server.port();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every request received and every answer sent, in order. */
    List<Event> timeline() {
        return List.copyOf(timeline);
    }

    /** The query starts received, in order. */
    List<Request> starts() {
        return requests.stream().filter(Request::isQueryStart).toList();
    }

    Request firstStart() {
        return starts().stream().findFirst().orElseThrow();
    }

    long count(String method, String uriPart) {
        return requests.stream().filter(r -> r.is(method, uriPart)).count();
    }

    DatabendConnectionFactory factory() {
        return factory(b -> b);
    }

    DatabendConnectionFactory factory(Function<DatabendConnectionConfiguration.Builder,
            DatabendConnectionConfiguration.Builder> customizer) {
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder()
                .host("127.0.0.1").port(port()).user("root").password("s3cret-pw").retryCount(3);
        return new DatabendConnectionFactory(customizer.apply(builder).build());
    }

    /** A golden page with {@code ${QUERY_ID}} and {@code ${NODE_ID}} replaced. */
    static String golden(String name, String queryId) {
        try (InputStream in = ScriptedDatabend.class.getResourceAsStream("/databend-golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${QUERY_ID}", queryId)
                    .replace("${NODE_ID}", NODE_ID);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A query id from the URI {@code /v1/query/<id>/...}. */
    static String queryIdOf(String uri) {
        String rest = uri.substring("/v1/query/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** A finished single-page response with the given schema and rows (JSON arrays as text). */
    static String singlePage(String queryId, String schema, String data, String session) {
        return "{\"id\":\"" + queryId + "\",\"session_id\":\"\",\"node_id\":\"" + NODE_ID + "\",\"state\":\"Succeeded\","
                + "\"session\":" + session + ",\"error\":null,\"warnings\":[],\"has_result_set\":true,"
                + "\"schema\":" + schema + ",\"data\":" + data + ",\"affect\":null,\"result_timeout_secs\":60,"
                + "\"settings\":{\"timezone\":\"UTC\",\"geometry_output_format\":\"GEOJSON\","
                + "\"binary_output_format\":\"HEX\",\"http_json_result_mode\":\"display\"},"
                + statsAndUris(queryId);
    }

    static String errorPage(String queryId, int code, String message) {
        return "{\"id\":\"" + queryId + "\",\"session_id\":\"\",\"node_id\":\"" + NODE_ID + "\",\"state\":\"Failed\","
                + "\"session\":null,\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\"},"
                + "\"warnings\":[],\"schema\":[],\"data\":[],\"affect\":null,\"result_timeout_secs\":60,"
                + statsAndUris(queryId);
    }

    /** The members both page kinds end with: zero stats and the URIs of a finished query. */
    private static String statsAndUris(String queryId) {
        return "\"stats\":{\"scan_progress\":{\"rows\":0,\"bytes\":0},\"write_progress\":{\"rows\":0,\"bytes\":0},"
                + "\"result_progress\":{\"rows\":0,\"bytes\":0},\"total_scan\":{\"rows\":0,\"bytes\":0},"
                + "\"spill_progress\":{\"file_nums\":0,\"bytes\":0},\"running_time_ms\":1},"
                + "\"stats_uri\":\"/v1/query/" + queryId + "\",\"final_uri\":\"/v1/query/" + queryId + "/final\","
                + "\"next_uri\":\"/v1/query/" + queryId + "/final\",\"kill_uri\":\"/v1/query/" + queryId + "/kill\"}";
    }

    @Override
    public void close() {
        server.disposeNow();
    }

    /** Login, and a two-page query of one Int32 column: rows 1, 2 first; {@code page1} answers page 1. */
    static Function<Request, Reply> twoPages(Function<Request, Reply> page1) {
        return request -> {
            if (request.is("POST", "/v1/session/login")) {
                return Reply.ok(ScriptedDatabend.LOGIN_OK);
            }
            if (request.isQueryStart()) {
                String id = request.header("X-DATABEND-QUERY-ID");
                return Reply.ok(ScriptedDatabend.singlePage(id, "[{\"name\":\"n\",\"type\":\"Int32\"}]",
                        "[[\"1\"],[\"2\"]]", "null").replace("\"next_uri\":\"/v1/query/" + id + "/final\"",
                        "\"next_uri\":\"/v1/query/" + id + "/page/1\"").replace("Succeeded", "Running"));
            }
            if (request.uri().endsWith("/page/1")) {
                return page1.apply(request);
            }
            return Reply.ok("{}");
        };
    }
}
