package com.databend.r2dbc.internal.client;

import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A {@link QueryExchange} without sockets: answers from the test's script and records every call as
 * {@code "start"}, {@code "fetch <uri>"}, {@code "finish <uri>"}, {@code "kill <uri>"} or {@code "heartbeat <id>"},
 * at the moment it is sent (subscribed to).
 */
final class ScriptedExchange implements QueryExchange {

    private final Queue<String> calls = new ConcurrentLinkedQueue<>();
    private final Function<String, Mono<QueryResponse>> first;
    private final BiFunction<String, String, Mono<QueryResponse>> pages;
    final CountDownLatch heartbeatSent = new CountDownLatch(1);
    volatile Mono<Void> finishAnswer = Mono.empty();
    volatile Mono<Boolean> heartbeatAnswer = Mono.just(true);
    volatile String queryId;

    /** {@code first}: query id to first response; {@code pages}: query id and URI to the response. */
    ScriptedExchange(Function<String, Mono<QueryResponse>> first,
                     BiFunction<String, String, Mono<QueryResponse>> pages) {
        this.first = first;
        this.pages = pages;
    }

    @Override
    public Mono<QueryResponse> start(QueryRequest request, String queryId) {
        return Mono.defer(() -> {
            this.queryId = queryId;
            calls.add("start");
            return first.apply(queryId);
        });
    }

    @Override
    public Mono<QueryResponse> fetch(QueryHandle query, String uri) {
        return Mono.defer(() -> {
            calls.add("fetch " + uri);
            return pages.apply(query.queryId(), uri);
        });
    }

    @Override
    public Mono<Void> finish(QueryHandle query) {
        return Mono.defer(() -> {
            calls.add("finish " + query.finalUri());
            return finishAnswer;
        });
    }

    @Override
    public Mono<Void> kill(QueryHandle query) {
        return Mono.defer(() -> {
            calls.add("kill " + query.killTarget());
            return Mono.empty();
        });
    }

    @Override
    public Mono<Boolean> heartbeat(QueryHandle query) {
        return Mono.defer(() -> {
            calls.add("heartbeat " + query.queryId());
            heartbeatSent.countDown();
            return heartbeatAnswer;
        });
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    /** Calls with the query id replaced by {@code <id>}. */
    List<String> callsById() {
        return calls().stream().map(call -> call.replace(queryId, "<id>")).toList();
    }

    /** A query of rows 1, 2 first, 3, 4 on page 1, 5 on the last page 2. */
    static ScriptedExchange threePages() {
        return new ScriptedExchange(id -> Mono.just(pageThenPage(id, 1, "1", "2")), (id, uri) ->
                Mono.just(uri.endsWith("/page/1") ? pageThenPage(id, 2, "3", "4") : lastPage(id, "5")));
    }

    /** A response: rows of one Int32 column {@code n}, the given {@code next_uri} (null: none). */
    static QueryResponse page(String queryId, String nextUri, String... rows) {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < rows.length; i++) {
            data.append(i == 0 ? "" : ",").append("[\"").append(rows[i]).append("\"]");
        }
        data.append(']');
        return parse("{\"id\":\"" + queryId + "\",\"node_id\":\"n1\",\"state\":\"Running\",\"error\":null,"
                + "\"schema\":[{\"name\":\"n\",\"type\":\"Int32\"}],\"data\":" + data
                + ",\"result_timeout_secs\":60,\"final_uri\":\"/v1/query/" + queryId + "/final\","
                + "\"next_uri\":" + (nextUri == null ? "null" : "\"" + nextUri + "\"")
                + ",\"kill_uri\":\"/v1/query/" + queryId + "/kill\"}");
    }

    /** A page whose {@code next_uri} is {@code /v1/query/<id>/page/<number>}. */
    static QueryResponse pageThenPage(String queryId, int number, String... rows) {
        return page(queryId, "/v1/query/" + queryId + "/page/" + number, rows);
    }

    /** The last page: its {@code next_uri} is the final URI. */
    static QueryResponse lastPage(String queryId, String... rows) {
        return page(queryId, "/v1/query/" + queryId + "/final", rows);
    }

    /** A response carrying a query error. */
    static QueryResponse error(String queryId, int code, String message) {
        return parse("{\"id\":\"" + queryId + "\",\"node_id\":\"n1\",\"state\":\"Failed\",\"error\":{\"code\":" + code
                + ",\"message\":\"" + message + "\"},\"schema\":[],\"data\":[],\"final_uri\":\"/v1/query/" + queryId
                + "/final\",\"next_uri\":\"/v1/query/" + queryId + "/final\",\"kill_uri\":\"/v1/query/" + queryId
                + "/kill\"}");
    }

    static QueryResponse parse(String json) {
        try {
            return ResponseParser.parseQueryResponse(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
