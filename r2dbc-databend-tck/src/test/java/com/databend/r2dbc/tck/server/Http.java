package com.databend.r2dbc.tck.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Raw HTTP against the embedded server with {@link java.net.http.HttpClient}. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    private final String baseUrl;

    private final List<String> defaultHeaders = new ArrayList<>();

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** As root with the empty password. */
    static Http root(String baseUrl) {
        return new Http(baseUrl).with("Authorization", basic("root", ""));
    }

    Http with(String name, String value) {
        Http copy = new Http(this.baseUrl);
        copy.defaultHeaders.addAll(this.defaultHeaders);
        copy.defaultHeaders.add(name);
        copy.defaultHeaders.add(value);
        return copy;
    }

    record Response(int status, Map<String, List<String>> headers, String body) {

        Map<String, Object> json() {
            return Json.object(this.body);
        }

        Object at(String path) {
            return Json.at(Json.parse(this.body), path);
        }

        String header(String name) {
            return this.headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst().orElse(null);
        }

        List<String> headers(String name) {
            return this.headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream())
                .toList();
        }
    }

    Response post(String path, String json, String... headers) {
        return join(postAsync(path, json, headers));
    }

    CompletableFuture<Response> postAsync(String path, String json, String... headers) {
        HttpRequest.Builder builder = request(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(builder);
    }

    /** A POST with exactly the given headers besides the defaults (no Content-Type added). */
    Response postRaw(String path, String body, String... headers) {
        return join(send(request(path, headers).POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    Response get(String path, String... headers) {
        return join(getAsync(path, headers));
    }

    CompletableFuture<Response> getAsync(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    Response methodWithBody(String method, String path, String body, String... headers) {
        return join(send(request(path, headers).method(method, HttpRequest.BodyPublishers.ofString(body))));
    }

    Response methodWithBody(String method, String path, byte[] body, String... headers) {
        return join(send(request(path, headers).method(method, HttpRequest.BodyPublishers.ofByteArray(body))));
    }

    /** A request whose body is read from {@code body} while it is sent, never held whole. */
    Response methodWithStream(String method, String path, Supplier<InputStream> body, String... headers) {
        return join(send(request(path, headers).method(method, HttpRequest.BodyPublishers.ofInputStream(body))));
    }

    Response method(String method, String path, String... headers) {
        return join(send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody())));
    }

    /** Starts {@code sql} with the given extra body members, e.g. {@code "pagination":{...}}. */
    Response query(String sql, String extraMembers, String... headers) {
        return post("/v1/query", body(sql, extraMembers), headers);
    }

    Response query(String sql) {
        return query(sql, null);
    }

    static String body(String sql, String extraMembers) {
        String quoted = "\"" + sql.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "{\"sql\":" + quoted + (extraMembers == null ? "" : "," + extraMembers) + "}";
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
            .timeout(Duration.ofSeconds(60));
        for (int i = 0; i < this.defaultHeaders.size(); i += 2) {
            builder.header(this.defaultHeaders.get(i), this.defaultHeaders.get(i + 1));
        }
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static CompletableFuture<Response> send(HttpRequest.Builder builder) {
        return CLIENT.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .thenApply(r -> new Response(r.statusCode(), r.headers().map(), r.body()));
    }

    private static Response join(CompletableFuture<Response> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }
}
