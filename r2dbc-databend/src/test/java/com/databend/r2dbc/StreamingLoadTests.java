package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.api.DatabendResultInfo;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming load as the driver sends it (docs/protocol.md §8.4): one {@code PUT /v1/streaming_load} per batch of
 * {@code INSERT … VALUES (?, …)} binding sets or per {@link DatabendLoader} call, the CSV rows in a multipart body,
 * the session in {@code X-DATABEND-QUERY-CONTEXT} both ways.
 */
class StreamingLoadTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String LOADED = "{\"id\":\"load-1\",\"stats\":{\"rows\":3,\"bytes\":42}}";
    private static final String ACTIVE = "{\"database\":\"default\",\"txn_state\":\"Active\",\"need_sticky\":true,"
            + "\"need_keep_alive\":false,\"internal\":\"{\\\"last_node_id\\\":\\\"" + ScriptedDatabend.NODE_ID
            + "\\\",\\\"last_query_ids\\\":[\\\"q-begin\\\"]}\"}";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    /** Logs in, answers query starts with an empty page carrying {@code session} and loads with {@code load}. */
    private ScriptedDatabend start(String session, Function<Request, Reply> load) {
        return start(ScriptedDatabend.LOGIN_OK, session, load);
    }

    private ScriptedDatabend start(String login, String session, Function<Request, Reply> load) {
        ScriptedDatabend server = databend.start(request -> {
            if (request.is("POST", "/v1/session/login")) {
                return Reply.ok(login);
            }
            if (request.isQueryStart()) {
                return Reply.ok(ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", session));
            }
            if (request.is("PUT", "/v1/streaming_load")) {
                return load.apply(request);
            }
            return Reply.ok("{}");
        });
        return server;
    }

    private <T> List<T> onConnection(Function<Connection, Publisher<T>> work) {
        return Flux.usingWhen(databend.factory().create(), work, Connection::close).collectList().block(TIMEOUT);
    }

    private static String csvOf(Request load) {
        String body = load.body();
        int start = body.indexOf("\r\n\r\n") + 4;
        int end = body.lastIndexOf("\r\n--");
        return body.substring(start, end);
    }

    @Test
    void aBatchOfInsertValuesIsOneLoadOfCsvRowsAndOneResult() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        List<Result> results = onConnection(c -> Flux.<Result>from(c.createStatement(
                        "INSERT INTO db1.t (a, b, c)\nVALUES (?, ?, ?)")
                .bind(0, 1).bind(1, "x,\"y\"").bind(2, true).add()
                .bind(0, 2).bindNull(1, String.class).bind(2, false).add()
                .bind(0, 3).bind(1, " ").bind(2, ByteBuffer.wrap(new byte[] {0x0A, (byte) 0xFF}))
                .execute()));

        assertThat(results).hasSize(1);
        assertThat(((DatabendResultInfo) results.get(0)).queryId()).isEqualTo("load-1");
        assertThat(Mono.from(results.get(0).getRowsUpdated()).block(TIMEOUT)).isEqualTo(3L);
        assertThat(server.starts()).isEmpty();
        Request load = server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow();
        assertThat(load.header("X-DATABEND-SQL")).isEqualTo(
                "INSERT INTO db1.t (a, b, c) FROM @_databend_load FILE_FORMAT = (TYPE = CSV, EMPTY_FIELD_AS = STRING)");
        assertThat(load.header("X-DATABEND-QUERY-CONTEXT")).isEqualTo("{\"database\":\"default\"}");
        assertThat(load.header("X-DATABEND-QUERY-ID")).matches("[0-9a-f]{32}");
        assertThat(load.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(load.body()).contains("Content-Disposition: form-data; name=\"upload\"; filename=\"batch.csv\"");
        assertThat(csvOf(load)).isEqualTo("1,\"x,\"\"y\"\"\",true\n2,\\N,false\n3,\" \",0AFF\n");
    }

    @Test
    void plainBindingSetsAreTheRecordsOfTheLoadWhateverTheOrderOfTheirBindCalls() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> Flux.from(c.createStatement("INSERT INTO t VALUES (?, ?, ?)")
                .bind(2, 0.25d).bind(0, 1L).bind(1, "first").bind(1, "a \"b\"").add()
                .bind(1, "é 😀").bindNull(2, Double.class).bind(0, (byte) -2).add()
                .bind(0, Long.MIN_VALUE).bind(2, -0.0d).bind(2, 1e21).bind(1, "\\N").add()
                .bind(0, Integer.MAX_VALUE).bindNull(1, String.class).bind(2, Double.NaN).add()
                .bind(1, "x").bind(0, (short) 5).bind(2, 0.1f).bind(0, 6)
                .execute()).concatMap(Result::getRowsUpdated));

        assertThat(counts).containsExactly(3L);
        assertThat(server.starts()).isEmpty();
        assertThat(csvOf(server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow())).isEqualTo("1,\"a \"\"b\"\"\",0.25\n-2,\"é 😀\",\\N\n"
                        + "-9223372036854775808,\"\\N\",1.0E21\n2147483647,\\N,nan\n6,\"x\",0.1\n");
    }

    @Test
    void aSetWithAValueOfAnotherKindAfterPlainOnesLoadsEverySetInOrder() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        onConnection(c -> Flux.from(c.createStatement("INSERT INTO t VALUES (?, ?)")
                .bind(0, 1).bind(1, "a").add()
                .bind(0, 2L).bindNull(1, String.class).add()
                .bind(0, 3).bind(1, new BigDecimal("1.50")).add()
                .bind(0, 4).bind(1, Clob.from(Flux.just("x", " y"))).add()
                .bind(0, 5.5d).bind(1, true)
                .execute()).concatMap(Result::getRowsUpdated));

        assertThat(server.starts()).isEmpty();
        assertThat(csvOf(server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow())).isEqualTo("1,\"a\"\n2,\\N\n3,1.50\n4,\"x y\"\n5.5,true\n");
    }

    @Test
    void aSetWithoutCsvFormAfterPlainOnesRunsEverySetWithItsOwnValues() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> Flux.from(c.createStatement("INSERT INTO t VALUES (?, ?)")
                .bind(0, 1).bind(1, "a").add()
                .bind(0, 2L).bindNull(1, String.class).add()
                .bind(0, 3).bind(1, "ends with \\").add()
                .bind(0, 4.5d).bind(1, "d")
                .execute()).concatMap(Result::getRowsUpdated));

        assertThat(counts).hasSize(4);
        assertThat(server.count("PUT", "/v1/streaming_load")).isZero();
        assertThat(server.starts()).extracting(Request::body).satisfiesExactly(
                body -> assertThat(body).contains("\"params\":[1,\"a\"]"),
                body -> assertThat(body).contains("\"params\":[2,null]"),
                body -> assertThat(body).contains("\"params\":[3,\"ends with \\\\\"]"),
                body -> assertThat(body).contains("\"params\":[4.5,\"d\"]"));
    }

    @Test
    void emptyStringsAreTwoQuotesOfALoadThatReadsEmptyFieldsAsStrings() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> Flux.from(c.createStatement("INSERT INTO t VALUES (?, ?)")
                .bind(0, "").bindNull(1, String.class).add()
                .bindNull(0, String.class).bind(1, "").add()
                .bind(0, "a").bind(1, "")
                .execute()).concatMap(Result::getRowsUpdated));

        assertThat(counts).hasSize(1);
        assertThat(server.starts()).isEmpty();
        Request load = server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow();
        assertThat(load.header("X-DATABEND-SQL")).endsWith("FILE_FORMAT = (TYPE = CSV, EMPTY_FIELD_AS = STRING)");
        assertThat(csvOf(load)).isEqualTo("\"\",\\N\n\\N,\"\"\n\"a\",\"\"\n");
    }

    @Test
    void serversUpTo1_2_781RunEveryBindingSetOfABatchWithAnEmptyStringByItself() {
        ScriptedDatabend server = start(ScriptedDatabend.LOGIN_OK.replace("1.2.934-nightly", "1.2.781"), "null",
                request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> Flux.from(c.createStatement("INSERT INTO t (a, b) VALUES (?, ?)")
                .bind(0, 1).bind(1, "one").add().bind(0, 2).bind(1, "").execute())
                .concatMap(Result::getRowsUpdated));

        assertThat(counts).hasSize(2);
        assertThat(server.requests()).noneMatch(r -> r.is("PUT", "/v1/upload_to_stage"));
        assertThat(server.starts()).extracting(Request::body).satisfiesExactly(
                body -> assertThat(body).contains("\"sql\":\"INSERT INTO t (a, b) VALUES (1, 'one')\""),
                body -> assertThat(body).contains("\"sql\":\"INSERT INTO t (a, b) VALUES (2, '')\""));
    }

    @Test
    void theSessionTravelsAsAsciiJsonSoThatItFitsInAHeader() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        Flux.usingWhen(databend.factory(b -> b.database("bücher_库")).create(),
                c -> DatabendLoader.of(c).loadRows("INSERT INTO t VALUES (?)", Flux.just(List.of(1))),
                Connection::close).blockLast(TIMEOUT);

        Request load = server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow();
        assertThat(load.header("X-DATABEND-QUERY-CONTEXT")).isEqualTo("{\"database\":\"b\\u00fccher_\\u5e93\"}");
    }

    @Test
    void clobAndBlobValuesOfABatchAreReadIntoTheLoad() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        onConnection(c -> Flux.from(c.createStatement("INSERT INTO t VALUES (?, ?)")
                .bind(0, Clob.from(Flux.just("hello", " world"))).bind(1, Blob.from(Flux.just(
                        ByteBuffer.wrap(new byte[] {1}), ByteBuffer.wrap(new byte[] {2})))).add()
                .bind(0, "b").bindNull(1, ByteBuffer.class)
                .execute()).concatMap(Result::getRowsUpdated));

        Request load = server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow();
        assertThat(csvOf(load)).isEqualTo("\"hello world\",0102\n\"b\",\\N\n");
    }

    @Test
    void statementsTheLoadCannotCarryRunOncePerBindingSet() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> {
            Statement withList = c.createStatement("INSERT INTO t VALUES (?, ?)")
                    .bind(0, 1).bind(1, List.of(1, 2)).add().bind(0, 2).bind(1, List.of());
            Statement named = c.createStatement("INSERT INTO t VALUES (:a)").bind("a", 1).add().bind("a", 2);
            Statement expression = c.createStatement("INSERT INTO t VALUES (? + 1)").bind(0, 1).add().bind(0, 2);
            Statement single = c.createStatement("INSERT INTO t VALUES (?)").bind(0, 1);
            Statement backslashQuote = c.createStatement("INSERT INTO t VALUES (?)").bind(0, "a\\\"b").add()
                    .bind(0, "c");
            return Flux.concat(withList.execute(), named.execute(), expression.execute(), single.execute(),
                    backslashQuote.execute()).concatMap(Result::getRowsUpdated);
        });

        assertThat(counts).hasSize(9);
        assertThat(server.starts()).hasSize(9);
        assertThat(server.count("PUT", "/v1/streaming_load")).isZero();
    }

    @Test
    void serversUpTo1_2_781GetABatchAsOneStagedFileAndOneInsertWithItsAttachment() {
        ScriptedDatabend server = start(ScriptedDatabend.LOGIN_OK.replace("1.2.934-nightly", "1.2.781"), "null",
                request -> Reply.ok(LOADED));

        List<Long> counts = onConnection(c -> Flux.from(c.createStatement("INSERT INTO t (a, b) VALUES (?, ?)")
                .bind(0, 1).bind(1, "one").add().bind(0, 2).bindNull(1, String.class).execute())
                .concatMap(Result::getRowsUpdated));

        assertThat(counts).hasSize(1);
        assertThat(server.count("PUT", "/v1/streaming_load")).isZero();
        Request upload = server.requests().stream().filter(r -> r.is("PUT", "/v1/upload_to_stage")).findFirst()
                .orElseThrow();
        assertThat(upload.header("X-DATABEND-STAGE-NAME")).isEqualTo("~");
        String directory = upload.header("X-DATABEND-RELATIVE-PATH");
        assertThat(directory).matches("r2dbc-databend/[0-9a-f]{32}");
        assertThat(csvOf(upload)).isEqualTo("1,\"one\"\n2,\\N\n");
        assertThat(server.starts()).hasSize(1);
        assertThat(server.firstStart().body()).contains("\"sql\":\"INSERT INTO t (a, b) VALUES\"")
                .contains("\"stage_attachment\":{\"location\":\"@~/" + directory + "/batch.csv\","
                        + "\"file_format_options\":{\"type\":\"CSV\"},\"copy_options\":{\"purge\":\"true\"}}");
    }

    @Test
    void insideATransactionALoadIsStagedAndReadByAQueryOfTheTransaction() {
        ScriptedDatabend server = start(ACTIVE, request -> Reply.ok(LOADED));

        onConnection(c -> Mono.from(c.beginTransaction())
                .then(DatabendLoader.of(c).loadRows("INSERT INTO t VALUES (?)", Flux.just(List.of(1), List.of(2))))
                .then(DatabendLoader.of(c).loadBytes("insert into t from @_databend_load file_format = (type = tsv)",
                        Flux.just(ByteBuffer.wrap("3\n".getBytes(StandardCharsets.US_ASCII))))));

        assertThat(server.requests()).noneMatch(r -> r.is("PUT", "/v1/streaming_load"));
        List<Request> uploads = server.requests().stream().filter(r -> r.is("PUT", "/v1/upload_to_stage")).toList();
        assertThat(uploads).hasSize(2);
        assertThat(uploads.get(0).header("X-DATABEND-STAGE-NAME")).isEqualTo("~");
        String directory = uploads.get(0).header("X-DATABEND-RELATIVE-PATH");
        assertThat(directory).matches("r2dbc-databend/[0-9a-f]{32}");
        assertThat(csvOf(uploads.get(0))).isEqualTo("1\n2\n");
        assertThat(csvOf(uploads.get(1))).isEqualTo("3\n");
        List<Request> starts = server.starts();
        assertThat(starts).hasSize(3);
        assertThat(starts.get(1).body()).contains("\"sql\":\"INSERT INTO t FROM @~/" + directory
                + "/rows.csv FILE_FORMAT = (TYPE = CSV, EMPTY_FIELD_AS = STRING)\"")
                .contains("\"txn_state\":\"Active\"");
        assertThat(starts.get(1).header("X-DATABEND-STICKY-NODE")).isEqualTo(ScriptedDatabend.NODE_ID);
        assertThat(starts.get(2).body()).contains("\"sql\":\"insert into t from @~/"
                + uploads.get(1).header("X-DATABEND-RELATIVE-PATH") + "/data file_format = (type = tsv)\"");
    }

    @Test
    void aReplaceIsStagedAndReadWithAStageAttachmentSinceDatabendStreamsNoReplace() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));

        onConnection(c -> Flux.from(c.createStatement("REPLACE INTO t (k, v) ON (k) VALUES (?, ?)")
                        .bind(0, 1).bind(1, "a").add().bind(0, 2).bind(1, "b").execute())
                .concatWith(DatabendLoader.of(c).loadRows("REPLACE INTO t ON CONFLICT (k) VALUES (?, ?)",
                        Flux.just(List.of(3, "c"))).then(Mono.empty())));

        assertThat(server.requests()).noneMatch(r -> r.is("PUT", "/v1/streaming_load"));
        List<Request> uploads = server.requests().stream().filter(r -> r.is("PUT", "/v1/upload_to_stage")).toList();
        assertThat(uploads).hasSize(2);
        assertThat(csvOf(uploads.get(0))).isEqualTo("1,\"a\"\n2,\"b\"\n");
        List<Request> starts = server.starts();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).body()).contains("\"sql\":\"REPLACE INTO t (k, v) ON (k) VALUES\"")
                .contains("\"stage_attachment\":{\"location\":\"@~/"
                        + uploads.get(0).header("X-DATABEND-RELATIVE-PATH") + "/batch.csv\"")
                .contains("\"copy_options\":{\"purge\":\"true\"}");
        assertThat(starts.get(1).body()).contains("\"sql\":\"REPLACE INTO t ON CONFLICT (k) VALUES\"")
                .contains("/rows.csv\"");
    }

    @Test
    void loadBytesSendsTheBuffersAsTheyAreAndAnswersTheServersCounts() {
        ScriptedDatabend server = start("null", request -> Reply.ok(LOADED));
        String sql = "INSERT INTO t FROM @_databend_load FILE_FORMAT = (TYPE = NDJSON)";

        List<DatabendLoadResult> result = onConnection(c -> DatabendLoader.of(c).loadBytes(sql,
                Flux.just("{\"a\":1}\n", "{\"a\":", "2}\n")
                        .map(s -> ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)))));

        assertThat(result).containsExactly(new DatabendLoadResult("load-1", 3, 42));
        Request load = server.requests().stream().filter(r -> r.is("PUT", "/v1/streaming_load")).findFirst()
                .orElseThrow();
        assertThat(load.header("X-DATABEND-SQL")).isEqualTo(sql);
        assertThat(csvOf(load)).isEqualTo("{\"a\":1}\n{\"a\":2}\n");
    }

    @Test
    void loadArgumentsAreCheckedBeforeAnythingIsSent() {
        start("null", request -> Reply.ok(LOADED));
        Connection connection = Mono.from(databend.factory().create()).block(TIMEOUT);
        DatabendLoader loader = DatabendLoader.of(connection);
        List<Throwable> errors = List.of(
                catching(() -> loader.loadRows("UPDATE t SET a = ?", Flux.empty())),
                catching(() -> loader.loadRows("INSERT INTO t VALUES (?, ?)", Flux.just(List.of(1))).block(TIMEOUT)),
                catching(() -> loader.loadRows("INSERT INTO t VALUES (?)", Flux.just(List.of(List.of(1))))
                        .block(TIMEOUT)),
                catching(() -> loader.loadBytes("INSERT INTO t\nFROM @_databend_load", Flux.empty())));
        Mono.from(connection.close()).block(TIMEOUT);

        assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class));
        assertThat(errors.get(1).getMessage()).contains("1 value(s)").contains("takes 2");
        assertThat(databend.server().count("PUT", "/v1/streaming_load")).isZero();
        assertThatThrownBy(() -> DatabendLoader.of((Connection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> "other")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Throwable catching(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }
}
