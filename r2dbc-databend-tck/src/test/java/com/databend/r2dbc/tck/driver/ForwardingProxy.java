package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.server.http.FaultInjector;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy between the driver and Databend nodes, so that tests can do to any server, a real Databend too,
 * what the embedded server does to itself: it forwards each request to the next node in turn, injects the faults
 * armed in {@link #faults()} (as the embedded server's own {@link FaultInjector} would), and records which node
 * each request went to and which node answered it.
 */
final class ForwardingProxy implements AutoCloseable {

    /** A request as the proxy forwarded it: {@code "POST /v1/query"}, the node it went to, the answer's node_id. */
    record Exchange(String request, URI upstream, String nodeId) {
    }

    private static final byte[] NO_BODY = new byte[0];

    private static final long TRUNCATED_CLOSE_DELAY_MILLIS = 200;

    private static final JsonFactory JSON = new JsonFactory();

    /** Headers of one hop, which the proxy sets itself on the next. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "content-length",
        "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection");

    private final List<URI> upstreams;

    private final AtomicInteger next = new AtomicInteger();

    private final FaultInjector faults = new FaultInjector();

    private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();

    private final ConnectionProvider connections = ConnectionProvider.create("forwarding-proxy", 16);

    private final HttpClient client = HttpClient.create(this.connections);

    private final DisposableServer server;

    private ForwardingProxy(List<URI> upstreams) {
        this.upstreams = List.copyOf(upstreams);
        this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle)
            .bindNow(Duration.ofSeconds(30));
    }

    /** A proxy on a free port of 127.0.0.1 in front of {@code upstreams} ({@code http://host:port} each). */
    static ForwardingProxy start(List<URI> upstreams) {
        if (upstreams.isEmpty()) {
            throw new IllegalArgumentException("a proxy needs at least one upstream");
        }
        return new ForwardingProxy(upstreams);
    }

    /** The proxy's own address, e.g. {@code http://127.0.0.1:41234}. */
    URI httpUrl() {
        return URI.create("http://127.0.0.1:" + this.server.port());
    }

    /** Faults the proxy injects into the next matching requests, matched on {@code "<METHOD> <path>"}. */
    FaultInjector faults() {
        return this.faults;
    }

    /** The requests forwarded so far, in the order their answers came back. */
    List<Exchange> exchanges() {
        return List.copyOf(this.exchanges);
    }

    @Override
    public void close() {
        this.server.disposeNow(Duration.ofSeconds(5));
        this.connections.disposeLater().block(Duration.ofSeconds(5));
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asByteArray().defaultIfEmpty(NO_BODY).flatMap(body -> {
            String method = request.method().name();
            String uri = request.uri();
            int query = uri.indexOf('?');
            FaultInjector.Fault fault = this.faults.take(method, query < 0 ? uri : uri.substring(0, query));
            if (fault == null) {
                return forward(request, body).flatMap(answer -> send(response, answer, false));
            }
            return switch (fault.kind()) {
                case FAIL -> send(response, refusal(fault.status()), false);
                case DELAY -> Mono.delay(fault.delay()).then(forward(request, body))
                    .flatMap(answer -> send(response, answer, false));
                case DROP_RESPONSE -> forward(request, body).then(Mono.fromRunnable(
                    () -> response.withConnection(connection -> connection.channel().close())));
                case TRUNCATE -> forward(request, body).flatMap(answer -> send(response, answer, true));
            };
        });
    }

    /** Sends the request to the next upstream and reads its whole answer. */
    private Mono<Answer> forward(HttpServerRequest request, byte[] body) {
        URI upstream = this.upstreams.get(Math.floorMod(this.next.getAndIncrement(), this.upstreams.size()));
        String line = request.method().name() + " " + request.uri();
        HttpClient.RequestSender sender = this.client
            .headers(headers -> copy(request.requestHeaders(), headers, body.length))
            .request(request.method())
            .uri(upstream + request.uri());
        HttpClient.ResponseReceiver<?> receiver = body.length == 0 ? sender
            : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        return receiver.responseSingle((status, content) -> content.asByteArray().defaultIfEmpty(NO_BODY)
                .map(bytes -> new Answer(status.status().code(), headers(status.responseHeaders()), bytes)))
            .doOnNext(answer -> this.exchanges.add(new Exchange(line, upstream, nodeIdOf(answer.body()))));
    }

    /** The answer of a gateway that refuses a request, as the embedded server gives it for an injected failure. */
    private static Answer refusal(int status) {
        byte[] body = ("{\"error\":{\"code\":" + status + ",\"message\":\"injected fault\"}}")
            .getBytes(StandardCharsets.UTF_8);
        return new Answer(status, List.of(Map.entry("Content-Type", "application/json")), body);
    }

    /** Writes {@code answer}; when {@code truncated}, only half of the body, then the connection closes. */
    private static Mono<Void> send(HttpServerResponse response, Answer answer, boolean truncated) {
        response.status(HttpResponseStatus.valueOf(answer.status()));
        for (Map.Entry<String, String> header : answer.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
        if (!truncated) {
            return response.sendByteArray(Mono.just(answer.body())).then();
        }
        // the send does not complete while the announced length is unmet, so the close is scheduled beside it
        response.withConnection(connection -> {
            Channel channel = connection.channel();
            channel.eventLoop().schedule(() -> channel.close(), TRUNCATED_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        });
        return response.sendByteArray(Mono.just(Arrays.copyOf(answer.body(), answer.body().length / 2))).then();
    }

    private static void copy(HttpHeaders from, HttpHeaders to, int bodyLength) {
        from.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        });
        if (bodyLength > 0) {
            to.set(HttpHeaderNames.CONTENT_LENGTH, bodyLength);
        }
    }

    /** The end-to-end headers of an answer, in order; a repeated header (Set-Cookie) keeps every value. */
    private static List<Map.Entry<String, String>> headers(HttpHeaders headers) {
        return headers.entries().stream()
            .filter(header -> !HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT)))
            .map(header -> Map.entry(header.getKey(), header.getValue()))
            .toList();
    }

    /** The top-level {@code node_id} of a JSON object body, or {@code null}. */
    private static String nodeIdOf(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("node_id".equals(name) && value == JsonToken.VALUE_STRING) {
                    return parser.getText();
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A whole answer of an upstream, or one the proxy made. */
    private record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    }
}
