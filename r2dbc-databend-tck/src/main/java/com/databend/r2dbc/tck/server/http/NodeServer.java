package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.QueryService;
import com.databend.r2dbc.tck.server.query.ServerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** One node listening on its own port with Reactor Netty; SQL never runs on its event loop. */
public final class NodeServer implements AutoCloseable {

    private static final byte[] NO_BODY = new byte[0];

    private final NodeHandler handler;

    private final DisposableServer server;

    private final String host;

    private NodeServer(NodeHandler handler, DisposableServer server, String host) {
        this.handler = handler;
        this.server = server;
        this.host = host;
    }

    /**
     * Binds a node. {@code port} 0 picks a free port.
     */
    public static NodeServer start(String host, int port, QueryService service, ServerContext context,
                                   Cluster cluster) {
        requireNonNull(host, "host must not be null");
        NodeHandler handler = new NodeHandler(service, context, cluster);
        DisposableServer server = HttpServer.create()
            .host(host)
            .port(port)
            .handle((request, response) -> request.receive().aggregate().asByteArray()
                .defaultIfEmpty(NO_BODY)
                .map(body -> HttpExchange.of(request.method().name(), request.uri(), request.requestHeaders(), body))
                .flatMap(handler::handle)
                .flatMap(reply -> {
                    response.status(HttpResponseStatus.valueOf(reply.status()));
                    for (Map.Entry<String, String> header : reply.headers()) {
                        response.addHeader(header.getKey(), header.getValue());
                    }
                    response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length));
                    return response.sendByteArray(Mono.just(reply.body())).then();
                }))
            .bindNow(Duration.ofSeconds(30));
        NodeServer node = new NodeServer(handler, server, host);
        cluster.add(handler, host + ":" + server.port());
        return node;
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

    @Override
    public void close() {
        this.server.disposeNow(Duration.ofSeconds(5));
    }
}
