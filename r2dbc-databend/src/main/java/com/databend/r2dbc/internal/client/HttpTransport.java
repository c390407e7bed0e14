package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import io.r2dbc.spi.R2dbcException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP side of a connection factory: one Reactor Netty {@link HttpClient} with its own connection pool,
 * on event loops shared by all factories. Adds authentication and the fixed headers, retries what is safe
 * to retry, and hands back whole response bodies as bytes.
 */
public final class HttpTransport implements AutoCloseable {

    public static final String USER_AGENT = "r2dbc-databend/" + driverVersion();

    private static final byte[] EMPTY = new byte[0];
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private static volatile LoopResources sharedLoops;

    private final HttpClient client;
    private final ConnectionProvider connectionProvider;
    private final String baseUrl;
    private final String endpoint;
    private final Credentials credentials;
    private final String tenant;
    private final String warehouse;
    private final int retryCount;
    private final HttpRequestLog requestLog = new HttpRequestLog();

    private HttpTransport(HttpClient client, ConnectionProvider connectionProvider, String baseUrl, String endpoint,
                          Credentials credentials, String tenant, String warehouse, int retryCount) {
        this.client = client;
        this.connectionProvider = connectionProvider;
        this.baseUrl = baseUrl;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.tenant = tenant;
        this.warehouse = warehouse;
        this.retryCount = retryCount;
    }

    public static HttpTransport create(DatabendConnectionConfiguration configuration) {
        requireNonNull(configuration, "configuration must not be null");
        ConnectionProvider provider = ConnectionProvider.builder("r2dbc-databend")
                .maxConnections(configuration.maxHttpConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(2))
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        // relative request URIs go to this address; the host and port are never parsed back out of a URL string
        HttpClient client = HttpClient.create(provider)
                .host(configuration.host())
                .port(configuration.port())
                .runOn(loops())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        configuration.connectTimeout().toMillis()))
                .keepAlive(true);
        if (configuration.ssl()) {
            SslContext sslContext = sslContext(configuration);
            if (configuration.sslTrustAll()) {
                client = client.secure(spec -> spec.sslContext(sslContext).handlerConfigurator(handler -> {
                    SSLEngine engine = handler.engine();
                    SSLParameters parameters = engine.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm(null);
                    engine.setSSLParameters(parameters);
                }));
            } else {
                client = client.secure(spec -> spec.sslContext(sslContext));
            }
        }
        // a page request long-polls up to wait_time_secs before the server answers
        Duration responseTimeout = configuration.pageRequestTimeout()
                .plusSeconds(configuration.waitTimeSecs());
        client = client.responseTimeout(responseTimeout);
        return new HttpTransport(client, provider, configuration.baseUrl(),
                configuration.host() + ":" + configuration.port(), Credentials.of(configuration),
                configuration.tenant(), configuration.warehouse(), configuration.retryCount());
    }

    /** This transport, on the same HTTP client and pool, with the authorization of {@code credentials}. */
    public HttpTransport withCredentials(Credentials credentials) {
        return new HttpTransport(client, connectionProvider, baseUrl, endpoint,
                requireNonNull(credentials, "credentials must not be null"), tenant, warehouse, retryCount);
    }

    /** Where the authorization of each request comes from. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * POSTs {@code body}; retried on connect errors, resets and gateway statuses when {@code retry}. A failure
     * without a response is an {@code R2dbcException} naming {@code queryId} (when not null).
     */
    public Mono<HttpResult> post(String uri, byte[] body, Consumer<HttpHeaders> headers, boolean retry,
                                 String queryId) {
        return exchange(HttpMethod.POST, uri, body, headers, retry, null, queryId);
    }

    /**
     * POSTs the empty body that ends a query ({@code final}, {@code kill}), not retried; its answer is awaited at
     * most {@code answerTimeout}, then the connection is closed, so that a server that never answers does not hold
     * a pooled connection for the long-polling page timeout. The timeout is Netty's, on the connection's own event
     * loop: no timer of Reactor's is armed per query.
     */
    public Mono<HttpResult> postEnding(String uri, Consumer<HttpHeaders> headers, Duration answerTimeout,
                                       String queryId) {
        return exchange(HttpMethod.POST, uri, EMPTY, headers, false, answerTimeout, queryId);
    }

    /**
     * PUTs a body streamed from {@code body} as it is produced, without a {@code Content-Length} (chunked), with
     * the publisher's back-pressure. Never retried, not even after a refused authorization: the body cannot be
     * produced twice, so credentials that run out soon are renewed before it is sent. Cancelling the returned Mono
     * closes the connection, so the server sees an incomplete body.
     */
    public Mono<HttpResult> put(String uri, String contentType, Publisher<? extends ByteBuf> body,
                                Consumer<HttpHeaders> headers, String queryId) {
        return authorization(false, queryId)
                .flatMap(authorization -> requestLog.around(send(HttpMethod.PUT, uri, authorization, h -> {
                    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
                    headers.accept(h);
                }, sender -> sender.send(body)), HttpMethod.PUT, uri, queryId))
                .onErrorMap(error -> ExceptionFactory.transport(error, endpoint, queryId));
    }

    /**
     * PUTs {@code body}, {@code length} bytes, to a presigned URL: only the headers {@code PRESIGN} answered and the
     * length go with it, never the driver's credentials or cookies. Not retried; cancelling closes the connection,
     * so the storage sees an incomplete body and stores nothing.
     */
    public Mono<HttpResult> putPresigned(PresignedRequest request, long length, Publisher<? extends ByteBuf> body) {
        return Mono.defer(() -> requestLog.around(client
                        .headers(h -> {
                            presignedHeaders(h, request);
                            h.set(HttpHeaderNames.CONTENT_LENGTH, length);
                        })
                        .put()
                        .uri(request.url())
                        .send(body)
                        .responseSingle((response, content) -> content.asByteArray()
                                .defaultIfEmpty(EMPTY)
                                .map(bytes -> new HttpResult(response.status().code(), List.of(), null, bytes))),
                        HttpMethod.PUT, request.url(), null))
                .onErrorMap(error -> ExceptionFactory.transport(error, request.endpoint(), null));
    }

    /**
     * GETs a presigned URL (only the answered headers go with it) and streams the body as it arrives, with
     * back-pressure: each Netty buffer is copied into a heap buffer of the caller's and released by Reactor Netty.
     * Another status than 200 becomes {@code failure} of the status and the start of the body.
     */
    public Flux<ByteBuffer> getPresigned(PresignedRequest request, BiFunction<Integer, String, Throwable> failure) {
        return Flux.defer(() -> {
                    long start = System.nanoTime();
                    return client
                        .headers(h -> presignedHeaders(h, request))
                        .get()
                        .uri(request.url())
                        .response((response, content) -> {
                            int status = response.status().code();
                            if (requestLog.enabled()) {
                                requestLog.log(HttpMethod.GET, request.url(), Integer.toString(status), start, null);
                            }
                            if (status == 200) {
                                return content.map(HttpTransport::copy);
                            }
                            return content.aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                                    .flatMap(text -> Mono.error(failure.apply(status, text)));
                        });
                })
                .onErrorMap(error -> ExceptionFactory.transport(error, request.endpoint(), null));
    }

    private static void presignedHeaders(HttpHeaders headers, PresignedRequest request) {
        headers.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
        request.headers().forEach((name, value) -> {
            // the length is the body's own; the client writes it
            if (!name.equalsIgnoreCase("content-length")) {
                headers.set(name, value);
            }
        });
    }

    private static ByteBuffer copy(ByteBuf buffer) {
        ByteBuffer copy = ByteBuffer.allocate(buffer.readableBytes());
        buffer.getBytes(buffer.readerIndex(), copy);
        return copy.flip();
    }

    /** Like {@link #post}; a GET is also retried when no answer came in time, since it reads only. */
    public Mono<HttpResult> get(String uri, Consumer<HttpHeaders> headers, boolean retry, String queryId) {
        return exchange(HttpMethod.GET, uri, null, headers, retry, null, queryId);
    }

    @Override
    public void close() {
        connectionProvider.dispose();
    }

    /** Closes the pool without blocking. */
    public Mono<Void> closeLater() {
        return connectionProvider.disposeLater();
    }

    /**
     * One request, sent once more after a 401 when the credentials could renew what was refused
     * (docs/protocol.md §2.7).
     */
    private Mono<HttpResult> exchange(HttpMethod method, String uri, byte[] body, Consumer<HttpHeaders> headers,
                                      boolean retry, @Nullable Duration answerTimeout, String queryId) {
        Authorization constant = credentials.constant();
        if (constant != null) {
            // nothing to obtain before the request, nor to renew after a 401: its answer is the answer
            return attempt(method, uri, body, headers, retry, answerTimeout, queryId, constant);
        }
        return authorization(true, queryId)
                .flatMap(authorization -> attempt(method, uri, body, headers, retry, answerTimeout, queryId,
                                authorization)
                        .flatMap(result -> result.status() != 401 ? Mono.just(result)
                                : renew(authorization, result, queryId).flatMap(again -> again
                                        ? authorization(true, queryId).flatMap(renewed -> attempt(method, uri,
                                                body, headers, retry, answerTimeout, queryId, renewed))
                                        : Mono.just(result))))
                .onErrorMap(error -> ExceptionFactory.transport(error, endpoint, queryId));
    }

    /** The credentials' authorization for a request of {@code queryId}, which a failure to obtain it names. */
    private Mono<Authorization> authorization(boolean replayable, String queryId) {
        return credentials.authorization(replayable)
                .onErrorMap(R2dbcException.class, e -> ExceptionFactory.beforeRequest(e, queryId));
    }

    /** Whether the credentials renewed what {@code refused} refused; a failure to renew names {@code queryId}. */
    private Mono<Boolean> renew(Authorization used, HttpResult refused, String queryId) {
        return credentials.renew(used, errorCode(refused))
                .onErrorMap(R2dbcException.class, e -> ExceptionFactory.beforeRequest(e, queryId));
    }

    private static int errorCode(HttpResult result) {
        QueryResponse.QueryError error = ResponseParser.parseErrorBody(result.body());
        return error == null ? 0 : error.code();
    }

    private Mono<HttpResult> attempt(HttpMethod method, String uri, byte[] body, Consumer<HttpHeaders> headers,
                                     boolean retry, @Nullable Duration answerTimeout, String queryId,
                                     Authorization authorization) {
        Mono<HttpResult> once = Mono.defer(() -> requestLog.around(send(method, uri, authorization, h -> {
                    if (body != null) {
                        h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    }
                    headers.accept(h);
                }, sender -> body == null ? sender : sender.send((request, outbound) -> {
                    if (answerTimeout != null) {
                        request.responseTimeout(answerTimeout);
                    }
                    return outbound.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
                })), method, uri, queryId))
                .flatMap(result -> ErrorCodes.isGatewayStatus(result.status())
                        ? Mono.error(new RetryableStatusException(result)) : Mono.just(result));
        if (retry && retryCount > 0) {
            once = retried(once, method == HttpMethod.GET, 0);
        }
        return once.onErrorResume(RetryableStatusException.class, e -> Mono.just(e.result()))
                .onErrorMap(error -> ExceptionFactory.transport(error, endpoint, queryId));
    }

    /**
     * {@code once}, sent again after a failure that is safe to retry, at most {@link #retryCount} times, each after
     * {@link #backoff}; else its failure. One operator per attempt: a request that succeeds pays for no retry
     * machinery.
     */
    private Mono<HttpResult> retried(Mono<HttpResult> once, boolean idempotent, int retriesDone) {
        return once.onErrorResume(error -> retriesDone < retryCount && ErrorCodes.isRetryable(error, idempotent)
                ? Mono.delay(backoff(retriesDone)).then(retried(once, idempotent, retriesDone + 1))
                : Mono.error(error));
    }

    /**
     * The wait before retry {@code retriesDone + 1}: {@link #FIRST_BACKOFF} doubled per retry done, at most
     * {@link #MAX_BACKOFF}, with a random jitter of up to half of it that keeps it within those bounds (as Reactor's
     * {@code Retry.backoff(...).jitter(0.5)} computes it).
     */
    static Duration backoff(int retriesDone) {
        long first = FIRST_BACKOFF.toMillis();
        long max = MAX_BACKOFF.toMillis();
        long next = retriesDone >= 20 ? max : Math.min(max, first << retriesDone);
        long jitter = next / 2;
        long low = Math.max(first - next, -jitter);
        long high = Math.min(max - next, jitter);
        return Duration.ofMillis(next + (high > low ? ThreadLocalRandom.current().nextLong(low, high) : low));
    }

    /** {@code uri} is a path of the configured server, or an absolute URL the server handed out. */
    private Mono<HttpResult> send(HttpMethod method, String uri, Authorization authorization,
                                  Consumer<HttpHeaders> extraHeaders,
                                  Function<HttpClient.RequestSender, HttpClient.ResponseReceiver<?>> withBody) {
        HttpClient.RequestSender sender = client
                .headers(h -> {
                    h.set(HttpHeaderNames.USER_AGENT, USER_AGENT);
                    h.set(HttpHeaderNames.ACCEPT, "application/json");
                    h.set(HttpHeaderNames.AUTHORIZATION, authorization.header());
                    if (authorization.keyPair()) {
                        h.set("X-DATABEND-AUTH-METHOD", "keypair");
                    }
                    if (tenant != null) {
                        h.set("X-DATABEND-TENANT", tenant);
                    }
                    if (warehouse != null) {
                        h.set("X-DATABEND-WAREHOUSE", warehouse);
                    }
                    extraHeaders.accept(h);
                })
                .request(method)
                .uri(uri);
        return withBody.apply(sender).responseSingle((response, content) -> content.asByteArray()
                .defaultIfEmpty(EMPTY)
                .map(bytes -> {
                    HttpHeaders responseHeaders = response.responseHeaders();
                    List<String> cookies = responseHeaders.getAll(HttpHeaderNames.SET_COOKIE);
                    return new HttpResult(response.status().code(),
                            cookies.isEmpty() ? Collections.emptyList() : cookies,
                            responseHeaders.get("X-DATABEND-VERSION"), bytes,
                            responseHeaders.get("X-DATABEND-QUERY-CONTEXT"),
                            responseHeaders.get("X-DATABEND-ROUTE-HINT"));
                }));
    }

    private static LoopResources loops() {
        LoopResources loops = sharedLoops;
        if (loops == null) {
            synchronized (HttpTransport.class) {
                loops = sharedLoops;
                if (loops == null) {
                    loops = LoopResources.create("r2dbc-databend", LoopResources.DEFAULT_IO_WORKER_COUNT, true);
                    sharedLoops = loops;
                }
            }
        }
        return loops;
    }

    private static SslContext sslContext(DatabendConnectionConfiguration configuration) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (configuration.sslTrustAll()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (configuration.sslRootCert() != null || configuration.trustStore() != null) {
                builder.trustManager(trustManagerFactory(configuration));
            }
            return builder.build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Invalid TLS trust configuration (sslRootCert/trustStore): "
                    + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagerFactory(DatabendConnectionConfiguration configuration)
            throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
        if (configuration.trustStore() != null) {
            char[] password = configuration.trustStorePassword() == null ? null
                    : configuration.trustStorePassword().toString().toCharArray();
            try (InputStream in = Files.newInputStream(Path.of(configuration.trustStore()))) {
                keyStore = KeyStore.getInstance(configuration.trustStore().endsWith(".p12")
                        || configuration.trustStore().endsWith(".pfx") ? "PKCS12" : KeyStore.getDefaultType());
                keyStore.load(in, password);
            }
        } else {
            keyStore.load(null, null);
        }
        if (configuration.sslRootCert() != null) {
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            try (InputStream in = Files.newInputStream(Path.of(configuration.sslRootCert()))) {
                int index = 0;
                for (Certificate certificate : certificates.generateCertificates(in)) {
                    keyStore.setCertificateEntry("sslRootCert-" + index++, certificate);
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore);
        return factory;
    }

    private static String driverVersion() {
        String version = HttpTransport.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    @Override
    public String toString() {
        return "HttpTransport{baseUrl=" + baseUrl + '}';
    }
}
