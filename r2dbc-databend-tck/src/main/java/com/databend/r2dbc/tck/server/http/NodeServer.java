package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.QueryJournal;
import com.databend.r2dbc.tck.server.query.QueryService;
import com.databend.r2dbc.tck.server.query.ServerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/** One node listening on its own port with Reactor Netty; SQL never runs on its event loop. */
public final class NodeServer implements AutoCloseable {

    private static final byte[] NO_BODY = new byte[0];

    private static final long TRUNCATED_CLOSE_DELAY_MILLIS = 200;

    private final NodeHandler handler;

    private final DisposableServer server;

    private final String host;

    private final Set<BodyPipe> streamingBodies;

    private NodeServer(NodeHandler handler, DisposableServer server, String host, Set<BodyPipe> streamingBodies) {
        this.handler = handler;
        this.server = server;
        this.host = host;
        this.streamingBodies = streamingBodies;
    }

    /**
     * Binds a node. {@code port} 0 picks a free port.
     */
    public static NodeServer start(String host, int port, QueryService service, ServerContext context,
                                   Cluster cluster, FaultInjector faults) {
        requireNonNull(faults, "faults must not be null");
        requireNonNull(host, "host must not be null");
        NodeHandler handler = new NodeHandler(service, context, cluster);
        Set<BodyPipe> streamingBodies = ConcurrentHashMap.newKeySet();
        DisposableServer server = HttpServer.create()
            .host(host)
            .port(port)
            .handle((request, response) -> {
                if (isStreamed(request)) {
                    BodyPipe body = new BodyPipe();
                    streamingBodies.add(body);
                    request.receive().subscribe(body);
                    HttpExchange exchange = HttpExchange.streamed(request.method().name(), request.uri(),
                        request.requestHeaders(), body);
                    context.journal().requestReceived(received(exchange));
                    return respond(handler, faults, exchange, response).doFinally(signal -> {
                        streamingBodies.remove(body);
                        body.close();
                    });
                }
                return request.receive().aggregate().asByteArray()
                    .defaultIfEmpty(NO_BODY)
                    .map(body -> HttpExchange.of(request.method().name(), request.uri(), request.requestHeaders(), body))
                    .flatMap(exchange -> {
                        context.journal().requestReceived(received(exchange));
                        return respond(handler, faults, exchange, response);
                    });
            })
            .bindNow(Duration.ofSeconds(30));
        NodeServer node = new NodeServer(handler, server, host, streamingBodies);
        cluster.add(handler, host + ":" + server.port());
        return node;
    }

    private static QueryJournal.ReceivedRequest received(HttpExchange exchange) {
        return new QueryJournal.ReceivedRequest(exchange.method(), exchange.path(),
            exchange.header("X-DATABEND-ROUTE-HINT"), exchange.header("X-DATABEND-WAREHOUSE"));
    }

    /** A streaming load's body is read as it arrives (docs/protocol.md §8.4), every other body whole. */
    private static boolean isStreamed(HttpServerRequest request) {
        String uri = request.uri();
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        return request.method().name().equals("PUT") && path.replaceAll("/+$", "").equals("/v1/streaming_load");
    }

    private static Mono<Void> respond(NodeHandler handler, FaultInjector faults, HttpExchange exchange,
                                      HttpServerResponse response) {
        FaultInjector.Fault fault = faults.take(exchange.method(), exchange.path());
        if (fault == null) {
            return handler.handle(exchange).flatMap(reply -> send(response, reply, false));
        }
        return switch (fault.kind()) {
            case FAIL -> handler.withVersion(HttpReply.json(fault.status(),
                JsonBodies.error(fault.status(), "injected fault"))).flatMap(r -> send(response, r, false));
            case DELAY -> Mono.delay(fault.delay())
                .then(handler.handle(exchange))
                .flatMap(reply -> send(response, reply, false));
            case DROP_RESPONSE -> dropResponse(response, handler.handle(exchange));
            case TRUNCATE -> handler.handle(exchange).flatMap(reply -> send(response, reply, true));
        };
    }

    /** Lets {@code handled} run, then closes the connection instead of answering. */
    private static Mono<Void> dropResponse(HttpServerResponse response, Mono<HttpReply> handled) {
        Channel[] channel = new Channel[1];
        response.withConnection(connection -> channel[0] = connection.channel());
        return handled.then(Mono.fromRunnable(() -> channel[0].close()));
    }

    /** Writes {@code reply}; when {@code truncated}, only half of the body, then the connection closes. */
    private static Mono<Void> send(HttpServerResponse response, HttpReply reply, boolean truncated) {
        response.status(HttpResponseStatus.valueOf(reply.status()));
        for (Map.Entry<String, String> header : reply.headers()) {
            response.addHeader(header.getKey(), header.getValue());
        }
        response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length));
        if (!truncated) {
            return response.send(body(reply.body())).then();
        }
        byte[] half = Arrays.copyOf(reply.body(), reply.body().length / 2);
        // the send does not complete while the announced length is unmet, so the close is scheduled beside it
        response.withConnection(connection -> {
            Channel channel = connection.channel();
            channel.eventLoop().schedule(() -> channel.close(), TRUNCATED_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        });
        return response.send(body(half)).then();
    }

    /**
     * {@code bytes} as an unpooled heap buffer: a client gone before the answer leaves it unwritten, and a pooled one
     * would then never be released.
     */
    private static Mono<ByteBuf> body(byte[] bytes) {
        return Mono.fromSupplier(() -> Unpooled.wrappedBuffer(bytes));
    }

    public String nodeId() {
        return this.handler.nodeId();
    }

    public int port() {
        return this.server.port();
    }

    public String baseUrl() {
        return "http://" + this.host + ":" + port();
    }

    /**
     * Ends the streaming loads still reading their bodies (their readers fail at once instead of waiting for bytes
     * that may never come), then closes the listening socket and the connections.
     */
    @Override
    public void close() {
        this.streamingBodies.forEach(BodyPipe::close);
        this.server.disposeNow(Duration.ofSeconds(5));
    }
}
