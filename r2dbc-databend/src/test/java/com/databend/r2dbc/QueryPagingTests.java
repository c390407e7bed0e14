package com.databend.r2dbc;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import com.databend.r2dbc.api.DatabendResultInfo;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static com.databend.r2dbc.ScriptedDatabend.golden;
import static com.databend.r2dbc.ScriptedDatabend.queryIdOf;
import static org.assertj.core.api.Assertions.assertThat;

/** The driver's paging loop and session handling against scripted responses (golden pages 01 → 04). */
class QueryPagingTests {

    private static final Reply NOT_FOUND = new Reply(404, "{\"error\":{\"code\":404,\"message\":\"not found\"}}");

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private ScriptedDatabend server;
    private DatabendConnectionFactory factory;

    /** Answers login and the numbers(8) query with golden pages 01, 02, 03 and final 04. */
    private static Reply numbers8(Request request) {
        if (request.is("POST", "/v1/session/login")) {
            return Reply.ok(ScriptedDatabend.LOGIN_OK);
        }
        if (request.isQueryStart()) {
            return Reply.ok(golden("01_select_numbers8_page0.json", request.header("X-DATABEND-QUERY-ID")));
        }
        if (request.uri().endsWith("/page/1")) {
            return Reply.ok(golden("02_select_numbers8_page1.json", queryIdOf(request.uri())));
        }
        if (request.uri().endsWith("/page/2")) {
            return Reply.ok(golden("03_select_numbers8_page2_drained.json", queryIdOf(request.uri())));
        }
        if (request.uri().endsWith("/final")) {
            return Reply.ok(golden("04_select_numbers8_final.json", queryIdOf(request.uri())));
        }
        if (request.uri().endsWith("/kill")) {
            return Reply.ok("");
        }
        return NOT_FOUND;
    }

    private void start(Function<Request, Reply> script) {
        server = databend.start(script);
        factory = databend.factory();
    }

    /** Query starts are answered with the page {@code page} makes for each, anything else as {@link #numbers8}. */
    private void startAnswering(Function<Request, String> page) {
        start(request -> request.isQueryStart() ? Reply.ok(page.apply(request)) : numbers8(request));
    }

    /** What {@code work} emits on a new connection of {@link #factory}, which is closed afterwards. */
    private <T> Flux<T> onConnection(Function<Connection, Publisher<T>> work) {
        return Flux.usingWhen(factory.create(), work, Connection::close);
    }

    /** Executes the statement on a new connection, closed afterwards; emits what {@code each} makes of its results. */
    private <T> Flux<T> execute(Function<Connection, Statement> statement, Function<Result, Publisher<T>> each) {
        return onConnection(c -> Flux.from(statement.apply(c).execute()).concatMap(each));
    }

    /** As {@link #numbers8}, but query starts are answered after {@code delay}. */
    private void startAnsweringAfter(Duration delay) {
        start(request -> request.isQueryStart()
                ? new Reply(200, golden("01_select_numbers8_page0.json", request.queryId()), delay)
                : numbers8(request));
    }

    /** Awaits the one kill request and checks that it kills the query started first. */
    private void awaitKillOfFirstStart() throws InterruptedException {
        Await.until(() -> server.count("POST", "/kill") == 1);
        String id = server.firstStart().queryId();
        assertThat(server.requests()).anySatisfy(r -> assertThat(r.uri()).isEqualTo("/v1/query/" + id + "/kill"));
    }

    /** The query start of {@code statement}, run to completion on a new connection without giving a count. */
    private Request startOf(Function<Connection, Statement> statement) {
        StepVerifier.create(execute(statement, Result::getRowsUpdated)).verifyComplete();
        return server.firstStart();
    }

    private Connection connect() {
        return Mono.from(factory.create()).block(Duration.ofSeconds(10));
    }

    private static Result first(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).blockFirst(Duration.ofSeconds(10));
    }

    private long heartbeatsFor(String queryId) {
        return server.requests().stream()
                .filter(r -> r.uri().equals("/v1/session/heartbeat") && r.body().contains("\"" + queryId + "\""))
                .count();
    }


    @Test
    void rowsOfAllGoldenPagesAreDecodedAndFinalIsCalledOnce() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        Flux<Object> values = execute(c -> c.createStatement("SELECT number FROM numbers(8)"),
                r -> r.map((row, metadata) -> row.get(0)));
        StepVerifier.create(values)
                .expectNext(BigInteger.valueOf(0), BigInteger.valueOf(1), BigInteger.valueOf(2), BigInteger.valueOf(3))
                .expectNext(BigInteger.valueOf(4), BigInteger.valueOf(5), BigInteger.valueOf(6), BigInteger.valueOf(7))
                .verifyComplete();
        Await.until(() -> server.count("POST", "/final") == 1);
        List<Request> requests = server.requests();
        assertThat(requests).extracting(r -> r.uri().replaceAll("/v1/query/[0-9a-f]{32}", ""))
                .containsExactly("/v1/session/login?disable_session_token=true", "/v1/query", "/page/1", "/page/2",
                        "/final");
        Request start = requests.stream().filter(r -> r.uri().equals("/v1/query")).findFirst().orElseThrow();
        String queryId = start.header("X-DATABEND-QUERY-ID");
        assertThat(queryId).matches("[0-9a-f]{32}");
        assertThat(requests.stream().filter(r -> r.uri().startsWith("/v1/query/")))
                .allSatisfy(r -> assertThat(r.uri()).startsWith("/v1/query/" + queryId + "/"));
        assertThat(start.header("User-Agent")).startsWith("r2dbc-databend/");
        assertThat(start.header("Authorization")).startsWith("Basic ");
        assertThat(start.header("Cookie")).contains("cookie_enabled=true");
        assertThat(start.header("Content-Type")).isEqualTo("application/json");
        assertThat(start.body()).contains("\"sql\":\"SELECT number FROM numbers(8)\"")
                .contains("\"pagination\":{\"wait_time_secs\":10,\"max_rows_per_page\":10000}");
        assertThat(server.count("POST", "/kill")).isZero();
        assertThat(server.count("GET", "/final")).isZero();
    }

    @Test
    void withoutPrefetchNextPageIsRequestedOnlyWhenDemandExceedsBufferedRows() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        factory = databend.factory(b -> b.prefetch(false));
        Connection connection = connect();
        Result result = first(connection, "SELECT number FROM numbers(8)");
        DatabendResultInfo info = (DatabendResultInfo) result;
        assertThat(info.bufferedRows()).isEqualTo(4);
        assertThat(info.progress().scanRows()).isEqualTo(8);
        assertThat(info.progress().resultBytes()).isEqualTo(64);
        StepVerifier.create(result.map(row -> row.get(0, Long.class)), 0)
                .thenRequest(3)
                .expectNext(0L, 1L, 2L)
                .then(() -> {
                    assertThat(server.count("GET", "/page/")).isZero();
                    assertThat(info.bufferedRows()).isEqualTo(1);
                })
                .thenRequest(1)
                .expectNext(3L)
                .then(() -> assertThat(server.count("GET", "/page/")).isZero())
                .thenRequest(1)
                .expectNext(4L)
                .then(() -> {
                    assertThat(server.count("GET", "/page/1")).isEqualTo(1);
                    assertThat(server.count("GET", "/page/2")).isZero();
                    assertThat(info.bufferedRows()).isEqualTo(3);
                })
                .thenRequest(Long.MAX_VALUE)
                .expectNext(5L, 6L, 7L)
                .verifyComplete();
        // final is sent in the background once the last page is in
        Await.until(() -> server.count("POST", "/final") == 1);
        Mono.from(connection.close()).block();
    }

    @Test
    void nextPageIsRequestedWhileTheRowsOfThePageBeforeAreHeld() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        Connection connection = connect();
        Result result = first(connection, "SELECT number FROM numbers(8)");
        DatabendResultInfo info = (DatabendResultInfo) result;
        StepVerifier.create(result.map(row -> row.get(0, Long.class)), 0)
                .thenRequest(3)
                .expectNext(0L, 1L, 2L)
                .then(() -> {
                    Await.until(() -> server.count("GET", "/page/1") == 1);
                    // page 1 is in flight or held: no third page while a row of the first is still held
                    assertThat(server.count("GET", "/page/2")).isZero();
                    assertThat(info.bufferedRows()).isEqualTo(1);
                })
                .thenRequest(Long.MAX_VALUE)
                .expectNext(3L, 4L, 5L, 6L, 7L)
                .verifyComplete();
        Await.until(() -> server.count("POST", "/final") == 1);
        assertThat(server.count("GET", "/page/")).isEqualTo(2);
        Mono.from(connection.close()).block();
    }

    @Test
    void takeCancelsAndKillsTheQuery() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        Connection connection = connect();
        Result result = first(connection, "SELECT number FROM numbers(8)");
        StepVerifier.create(Flux.from(result.map(row -> row.get(0, Long.class))).take(2))
                .expectNext(0L, 1L)
                .verifyComplete();
        Await.until(() -> server.count("POST", "/kill") == 1);
        assertThat(server.count("GET", "/page/")).isZero();
        Mono.from(connection.close()).block();
    }

    @Test
    void startIsRetriedOn503WithTheSameQueryId() {
        AtomicInteger starts = new AtomicInteger();
        start(request -> {
            if (request.isQueryStart()
                    && starts.incrementAndGet() <= 2) {
                return new Reply(503, "warehouse is resuming");
            }
            return numbers8(request);
        });
        StepVerifier.create(execute(c -> c.createStatement("SELECT number FROM numbers(8)"),
                        r -> r.map(row -> row.get(0, Long.class))))
                .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L)
                .verifyComplete();
        List<String> ids = server.starts().stream()
                .map(r -> r.header("X-DATABEND-QUERY-ID")).toList();
        assertThat(ids).hasSize(3);
        assertThat(ids).containsOnly(ids.get(0));
    }

    @Test
    void pageRequestIsRetriedOn503() {
        AtomicInteger pages = new AtomicInteger();
        start(request -> {
            if (request.uri().endsWith("/page/1") && pages.incrementAndGet() == 1) {
                return new Reply(503, "");
            }
            return numbers8(request);
        });
        StepVerifier.create(execute(c -> c.createStatement("SELECT 1"),
                        r -> r.map(row -> row.get(0, Long.class))))
                .expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L)
                .verifyComplete();
        assertThat(server.count("GET", "/page/1")).isEqualTo(2);
    }

    @Test
    void persistent503FailsWithTransientException() {
        start(request -> request.uri().equals("/v1/query") ? new Reply(503, "busy") : numbers8(request));
        StepVerifier.create(onConnection(c -> c.createStatement("SELECT 1").execute()))
                .expectError(R2dbcTransientResourceException.class)
                .verify(Duration.ofSeconds(20));
        assertThat(server.count("POST", "/v1/query")).isEqualTo(4);
    }

    @Test
    void queryErrorMapsToBadGrammarWithCodeStateAndQueryId() throws InterruptedException {
        startAnswering(request -> ScriptedDatabend.errorPage(request.queryId(), 1065,
                "error: column a doesn't exist"));
        StepVerifier.create(onConnection(c -> c.createStatement("select a").execute()))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcBadGrammarException.class);
                    R2dbcException r2dbc = (R2dbcException) error;
                    assertThat(r2dbc.getErrorCode()).isEqualTo(1065);
                    assertThat(r2dbc.getSqlState()).isEqualTo("42000");
                    String id = server.firstStart().header("X-DATABEND-QUERY-ID");
                    assertThat(r2dbc).hasMessage("[1065] error: column a doesn't exist [query id " + id + "]");
                })
                .verify(Duration.ofSeconds(10));
        Await.until(() -> server.count("POST", "/final") == 1);
    }

    @Test
    void wrongPasswordFailsAtConnectWithoutLeakingSecrets() {
        start(request -> new Reply(401,
                "{\"error\":{\"code\":5100,\"message\":\"Authentication failed: incorrect password\"}}"));
        StepVerifier.create(factory.create())
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(R2dbcPermissionDeniedException.class);
                    assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(5100);
                    assertThat(((R2dbcException) error).getSqlState()).isEqualTo("28000");
                    assertThat(error.getMessage()).doesNotContain("s3cret-pw").doesNotContain("Basic");
                })
                .verify(Duration.ofSeconds(10));
        assertThat(factory.toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void deadPortFailsWithTransientException() {
        ScriptedDatabend stopped = databend.start(QueryPagingTests::numbers8);
        int port = stopped.port();
        stopped.close();
        factory = databend.closeAfterwards(new DatabendConnectionFactory(DatabendConnectionConfiguration.builder()
                .host("127.0.0.1").port(port).retryCount(1).build()));
        StepVerifier.create(factory.create())
                .expectError(R2dbcTransientResourceException.class)
                .verify(Duration.ofSeconds(20));
    }

    @Test
    void insertGivesExactlyOneUpdateCount() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(),
                "[{\"name\":\"number of rows inserted\",\"type\":\"UInt64\"}]", "[[\"2\"]]", "null"));
        StepVerifier.create(execute(c -> c.createStatement("INSERT INTO t VALUES (1), (2)"),
                        Result::getRowsUpdated))
                .expectNext(2L)
                .verifyComplete();
    }

    @Test
    void sessionFromResponseIsSentWithTheNextQuery() {
        String session = "{\"catalog\":\"default\",\"database\":\"db2\",\"role\":\"account_admin\","
                + "\"txn_state\":\"AutoCommit\",\"need_sticky\":false,\"need_keep_alive\":false,"
                + "\"internal\":\"{\\\"last_node_id\\\":\\\"n1\\\"}\"}";
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(), "[]", "[]",
                request.body().contains("USE db2") ? session : "null"));
        StepVerifier.create(onConnection(c -> Flux.from(c.createStatement("USE db2").execute())
                        .concatMap(Result::getRowsUpdated)
                        .thenMany(Flux.from(c.createStatement("SELECT 1").execute())
                                .concatMap(Result::getRowsUpdated))))
                .verifyComplete();
        List<Request> starts = server.starts();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).body()).contains("\"session\":{\"database\":\"default\"}");
        assertThat(starts.get(1).body()).contains("\"session\":" + session);
    }

    @Test
    void mixedMarkerStylesFallBackToLiterals() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(),
                "[{\"name\":\"a\",\"type\":\"Int32\"}]", "[[\"5\"]]", "null"));
        StepVerifier.create(execute(c -> c.createStatement("SELECT ?, :name").bind(0, 5).bind("name", "x'y"),
                        r -> r.map(row -> row.get("A", Integer.class))))
                .expectNext(5)
                .verifyComplete();
        Request start = server.firstStart();
        assertThat(start.body()).contains("\"sql\":\"SELECT 5, 'x''y'\"").doesNotContain("\"params\"");
    }

    @Test
    void namedValuesTravelAsJsonObject() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", "null"));
        Request start = startOf(c -> c.createStatement("SELECT :b, :a, :b").bind("a", 1).bindNull("b", String.class));
        assertThat(start.body()).contains("\"sql\":\"SELECT :b, :a, :b\"").contains("\"params\":{\"b\":null,\"a\":1}");
    }

    @Test
    void valuesOfOneMarkerStyleTravelAsJsonParams() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(),
                "[{\"name\":\"a\",\"type\":\"Int32\"}]", "[[\"5\"]]", "null"));
        Request start = startOf(c -> c.createStatement("SELECT ?, ?").bind(0, 5).bind(1, "x'y"));
        assertThat(start.body()).contains("\"sql\":\"SELECT ?, ?\"").contains("\"params\":[5,\"x'y\"]");
    }

    @Test
    void valuesBecomeLiteralsForServersWithoutLogin() {
        start(request -> request.is("POST", "/v1/session/login") ? NOT_FOUND
                : request.isQueryStart() ? Reply.ok(ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", "null"))
                : numbers8(request));
        server.version("1.2.800");
        Request start = startOf(c -> c.createStatement("SELECT ?, ?").bind(0, 5).bind(1, "x'y"));
        assertThat(start.body()).doesNotContain("\"params\"").contains("\"sql\":\"SELECT 5, 'x''y'\"");
    }

    @Test
    void lostPageFailsWithClearError() {
        start(request -> request.uri().endsWith("/page/1")
                ? new Reply(404, golden("07_error_404_invalid_page_number.json", "q")) : numbers8(request));
        StepVerifier.create(execute(c -> c.createStatement("SELECT number FROM numbers(8)"),
                        r -> r.map(row -> row.get(0, Long.class))))
                .expectNext(0L, 1L, 2L, 3L)
                .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(R2dbcNonTransientResourceException.class)
                        .hasMessage("[404] Invalid page number: requested 0, current page is 2 [HTTP 404] [query id "
                                + server.firstStart().queryId() + "]"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void statementTimeoutFailsAndKillsTheQuery() throws InterruptedException {
        startAnsweringAfter(Duration.ofSeconds(3));
        factory = databend.factory(b -> b.statementTimeout(Duration.ofMillis(300)).retryCount(0));
        StepVerifier.create(onConnection(c -> c.createStatement("SELECT slow()").execute()))
                .expectError(R2dbcTimeoutException.class)
                .verify(Duration.ofSeconds(10));
        awaitKillOfFirstStart();
    }

    @Test
    void idleQueryIsKeptAliveByHeartbeat() throws InterruptedException {
        // the server wants heartbeats for every query, so only the driver can stop them
        start(request -> request.is("POST", "/v1/session/heartbeat") ? Reply.ok("{\"queries_to_remove\":[]}")
                : numbers8(request));
        Connection connection = connect();
        Result result = first(connection, "SELECT number FROM numbers(8)");
        String id = ((DatabendResultInfo) result).queryId();
        List<Long> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean completed = new java.util.concurrent.atomic.AtomicBoolean();
        reactor.core.publisher.BaseSubscriber<Long> slow = new reactor.core.publisher.BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(Long value) {
                received.add(value);
            }

            @Override
            protected void hookOnComplete() {
                completed.set(true);
            }
        };
        Flux.from(result.map(row -> row.get(0, Long.class))).subscribe(slow);
        // golden 01 has result_timeout_secs 3: a subscribed query idle for 1.5 s gets a heartbeat
        Await.until(() -> server.count("POST", "/v1/session/heartbeat") >= 1);
        Request heartbeat = server.requests().stream().filter(r -> r.uri().equals("/v1/session/heartbeat"))
                .findFirst().orElseThrow();
        assertThat(heartbeat.body()).isEqualTo("{\"node_to_queries\":{\"" + ScriptedDatabend.NODE_ID + "\":[\""
                + id + "\"]}}");
        assertThat(received).containsExactly(0L);
        slow.request(Long.MAX_VALUE);
        Await.until(completed::get);
        assertThat(received).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        long beats = heartbeatsFor(id);
        // a second idle query beats twice, by which time the finished one would have beaten again had it not stopped
        Result second = first(connection, "SELECT number FROM numbers(8)");
        String secondId = ((DatabendResultInfo) second).queryId();
        reactor.core.Disposable secondRows = Flux.from(second.map(row -> row.get(0, Long.class)))
                .subscribe(null, null, null, subscription -> subscription.request(1));
        Await.until(() -> heartbeatsFor(secondId) >= 2);
        assertThat(heartbeatsFor(id)).isEqualTo(beats);
        secondRows.dispose();
        Mono.from(connection.close()).block();
    }

    @Test
    void unconsumedResultIsClosedWhenAbandoned() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        Connection connection = connect();
        first(connection, "SELECT number FROM numbers(8)");
        // the cleaner runs only once the collector found the dropped result
        Await.until("the dropped result's query is killed", Duration.ofSeconds(10), () -> {
            System.gc();
            return server.count("POST", "/kill") > 0;
        });
        assertThat(server.count("POST", "/kill")).isEqualTo(1);
        assertThat(server.count("POST", "/v1/session/heartbeat")).isZero();
        Mono.from(connection.close()).block();
    }

    @Test
    void mappedRowsKeptWithoutTheirResultStillOwnTheQuery() throws InterruptedException {
        start(QueryPagingTests::numbers8);
        Connection connection = connect();
        Flux<Long> numbers = Flux.from(first(connection, "SELECT number FROM numbers(8)")
                .map(row -> row.get(0, Long.class)));
        // the Result itself is unreachable now; only the mapped publisher is kept
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }
        StepVerifier.create(numbers).expectNext(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L).verifyComplete();
        assertThat(server.count("POST", "/kill")).isZero();
        Mono.from(connection.close()).block();
    }

    @Test
    void transactionStatementsStickToTheNodeAndCloseLogsOut() {
        String active = "{\"database\":\"default\",\"txn_state\":\"Active\",\"need_sticky\":true,"
                + "\"need_keep_alive\":true,\"internal\":\"{}\"}";
        String committed = "{\"database\":\"default\",\"txn_state\":\"AutoCommit\",\"need_sticky\":false,"
                + "\"need_keep_alive\":true}";
        start(request -> {
            if (request.is("POST", "/v1/session/logout")) {
                return Reply.ok("{\"error\":null}");
            }
            if (request.isQueryStart()) {
                String session = request.body().contains("\"sql\":\"COMMIT\"") ? committed : active;
                return Reply.ok(ScriptedDatabend.singlePage(request.header("X-DATABEND-QUERY-ID"), "[]", "[]", session));
            }
            return numbers8(request);
        });
        StepVerifier.create(onConnection(c -> Mono.from(c.beginTransaction())
                        .then(Mono.fromRunnable(() -> assertThat(c.isAutoCommit()).isFalse()))
                        .thenMany(Flux.from(c.createStatement("INSERT INTO t VALUES (1)").execute()))
                        .concatMap(Result::getRowsUpdated)
                        .then(Mono.from(c.commitTransaction()))
                        .then(Mono.fromRunnable(() -> assertThat(c.isAutoCommit()).isTrue()))))
                .verifyComplete();
        List<Request> starts = server.starts();
        assertThat(starts).extracting(r -> r.body().replaceAll(".*\"sql\":\"([^\"]*)\".*", "$1"))
                .containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "COMMIT");
        assertThat(starts.get(0).header("X-DATABEND-STICKY-NODE")).isNull();
        assertThat(starts.get(1).header("X-DATABEND-STICKY-NODE")).isEqualTo(ScriptedDatabend.NODE_ID);
        assertThat(starts.get(1).body()).contains("\"txn_state\":\"Active\"");
        assertThat(server.count("POST", "/v1/session/logout")).isEqualTo(1);
    }

    @Test
    void autoCommitOffBeginsATransactionBeforeTheNextStatement() {
        String active = "{\"txn_state\":\"Active\",\"need_sticky\":true,\"need_keep_alive\":false}";
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(), "[]", "[]",
                request.body().contains("\"sql\":\"BEGIN\"") ? active : "null"));
        StepVerifier.create(onConnection(c -> Mono.from(c.setAutoCommit(false))
                        .thenMany(Flux.from(c.createStatement("INSERT INTO t VALUES (1)").execute()))
                        .concatMap(Result::getRowsUpdated)
                        .thenMany(Flux.from(c.createStatement("INSERT INTO t VALUES (2)").execute()))
                        .concatMap(Result::getRowsUpdated)))
                .expectNext(0L)
                .verifyComplete();
        List<String> sql = server.starts().stream()
                .map(r -> r.body().replaceAll(".*\"sql\":\"([^\"]*)\".*", "$1")).toList();
        assertThat(sql).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)");
        assertThat(server.count("POST", "/v1/session/logout")).isZero();
    }

    @Test
    void warningsBecomeMessageSegmentsOnce() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(),
                "[{\"name\":\"a\",\"type\":\"Nullable(String)\"}]", "[[\"x\"],[null]]", "null")
                .replace("\"warnings\":[]", "\"warnings\":[\"careful\",\"careful\"]"));
        StepVerifier.create(execute(c -> c.createStatement("SELECT a FROM t"),
                        r -> r.flatMap(segment -> {
                            if (segment instanceof Result.Message message) {
                                return Mono.just("message:" + message.message());
                            }
                            if (segment instanceof Result.RowSegment row) {
                                return Mono.just("row:" + row.row().get(0, String.class));
                            }
                            return Mono.empty();
                        })))
                .expectNext("message:careful", "row:x", "row:null")
                .verifyComplete();
    }

    @Test
    void clobAndBlobValuesAreReadBeforeTheQueryStarts() {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", "null"));
        io.r2dbc.spi.Clob clob = io.r2dbc.spi.Clob.from(Flux.just("hello", " ", "world"));
        io.r2dbc.spi.Blob blob = io.r2dbc.spi.Blob.from(Flux.just(java.nio.ByteBuffer.wrap(new byte[] {0x68, 0x69}),
                java.nio.ByteBuffer.wrap(new byte[] {0x21})));
        StepVerifier.create(execute(c -> c.createStatement("INSERT INTO t SELECT ?").bind(0, clob).add()
                                .bind(0, blob),
                        Result::getRowsUpdated))
                .expectNext(0L, 0L)
                .verifyComplete();
        List<Request> starts = server.starts();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0).body()).contains("\"params\":[\"hello world\"]");
        assertThat(starts.get(1).body()).doesNotContain("\"params\"")
                .contains("\"sql\":\"INSERT INTO t SELECT FROM_HEX('686921')\"");
    }

    @Test
    void statsUriAsNextUriIsPolledUntilTheQueryStopped() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        start(request -> {
            if (request.isQueryStart()) {
                String id = request.header("X-DATABEND-QUERY-ID");
                return Reply.ok(ScriptedDatabend.singlePage(id, "[{\"name\":\"a\",\"type\":\"Int32\"}]",
                        "[[\"1\"]]", "null").replace("\"next_uri\":\"/v1/query/" + id + "/final\"",
                        "\"next_uri\":\"/v1/query/" + id + "\""));
            }
            if (request.method().equals("GET") && request.uri().matches("/v1/query/[0-9a-f]{32}")) {
                String state = polls.incrementAndGet() < 3 ? "Running" : "Succeeded";
                return Reply.ok("{\"state\":\"" + state + "\",\"error\":null,\"warnings\":[],\"stats\":{}}");
            }
            return numbers8(request);
        });
        StepVerifier.create(execute(c -> c.createStatement("CALL p()"),
                        r -> r.map(row -> row.get(0, Integer.class))))
                .expectNext(1)
                .verifyComplete();
        assertThat(polls.get()).isEqualTo(3);
        Await.until(() -> server.count("POST", "/final") == 1);
    }

    @Test
    void finishedFirstResponseIsFinalizedWithoutWaitingForConsumption() throws InterruptedException {
        startAnswering(request -> ScriptedDatabend.singlePage(request.queryId(),
                "[{\"name\":\"number of rows inserted\",\"type\":\"UInt64\"}]", "[[\"2\"]]", "null"));
        Connection connection = connect();
        Result result = first(connection, "INSERT INTO t VALUES (1), (2)");
        Await.until(() -> server.count("POST", "/final") == 1);
        assertThat(Mono.from(result.getRowsUpdated()).block(Duration.ofSeconds(5))).isEqualTo(2L);
        assertThat(server.count("POST", "/final")).isEqualTo(1);
        assertThat(server.count("POST", "/kill")).isZero();
        Mono.from(connection.close()).block();
    }

    @Test
    void cancellingWhileStartingKillsTheQueryById() throws InterruptedException {
        startAnsweringAfter(Duration.ofSeconds(2));
        Connection connection = connect();
        reactor.core.Disposable running = Flux.from(connection.createStatement("SELECT 1").execute()).subscribe();
        Await.until(() -> server.count("POST", "/v1/query") == 1);
        running.dispose();
        awaitKillOfFirstStart();
        Mono.from(connection.close()).block();
    }
}
