package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.ClosedQueries;
import com.databend.r2dbc.tck.TestDatabend;
import com.databend.r2dbc.tck.ThreadPeak;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.query.CloseReason;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Demand-driven paging, cancellation, heartbeats, timeouts and concurrency against the target server. */
class StreamingIntegrationTests {

    private static DatabendConnectionFactory factory(URI url, java.util.function.UnaryOperator<
            DatabendConnectionConfiguration.Builder> customizer) {
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder()
                .host(url.getHost()).port(url.getPort()).ssl("https".equals(url.getScheme()))
                .user(TestDatabend.target().user()).password(TestDatabend.target().password());
        return new DatabendConnectionFactory(customizer.apply(builder).build());
    }

    private static DatabendConnectionFactory factory(java.util.function.UnaryOperator<
            DatabendConnectionConfiguration.Builder> customizer) {
        return factory(TestDatabend.target().httpUrl(), customizer);
    }


    @Test
    void millionRowsStreamWithBufferedRowsBoundedByOnePagePlusDemand() {
        DatabendConnectionFactory factory = factory(b -> b);
        Connection connection = connect(factory);
        int pageSize = 10_000;
        int demand = 256;
        Result result = Flux.from(connection.createStatement("SELECT number FROM numbers(1000000)")
                .fetchSize(pageSize).execute()).blockFirst(Sql.TIMEOUT);
        DatabendResultInfo info = (DatabendResultInfo) result;
        AtomicInteger maxBuffered = new AtomicInteger();
        AtomicLong expected = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        Long count = Flux.from(result.map(row -> row.get(0, Long.class)))
                .doOnNext(value -> {
                    maxBuffered.accumulateAndGet(info.bufferedRows(), Math::max);
                    if (value != expected.getAndIncrement()) {
                        mismatches.incrementAndGet();
                    }
                })
                .limitRate(demand)
                .count()
                .block(Duration.ofMinutes(2));
        assertThat(count).isEqualTo(1_000_000L);
        assertThat(mismatches.get()).isZero();
        assertThat(maxBuffered.get()).isPositive().isLessThanOrEqualTo(pageSize + demand);
        close(connection);
        factory.close().block();
    }

    @Test
    void takeKillsTheQueryWithinASecondAndFreesTheHttpConnection() throws InterruptedException {
        DatabendTestServer server = TestDatabend.embedded();
        DatabendConnectionFactory factory = factory(b -> b.maxHttpConnections(1));
        Connection connection = connect(factory);
        Result result = Flux.from(connection.createStatement("SELECT number FROM numbers(100000000)")
                .fetchSize(1000).execute()).blockFirst(Sql.TIMEOUT);
        String queryId = ((DatabendResultInfo) result).queryId();
        List<Long> first = Flux.from(result.map(row -> row.get(0, Long.class))).take(10).collectList()
                .block(Sql.TIMEOUT);
        Instant cancelledAt = Instant.now();
        assertThat(first).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        if (server != null) {
            Await.until(Duration.ofSeconds(1), () -> server.queries().wasKilled(queryId));
            assertThat(Duration.between(cancelledAt, server.queries().killedAt(queryId).orElseThrow()))
                    .isLessThan(Duration.ofSeconds(1));
        }
        // the pool has one HTTP connection: a leaked one would make this query wait forever
        List<List<Object>> next = Mono.from(connection.createStatement("SELECT 42").execute())
                .flatMapMany(r -> r.map((row, md) -> Sql.values(row, 1))).collectList()
                .block(Duration.ofSeconds(10));
        assertThat(next).hasSize(1);
        assertThat(next.get(0).get(0)).hasToString("42");
        close(connection);
        factory.close().block();
    }

    @Test
    void slowSubscriberOutlivesResultTimeoutThroughHeartbeats() throws InterruptedException {
        assumeTrue(TestDatabend.embedded() != null, "a short result timeout needs the embedded server");
        try (DatabendTestServer server = DatabendTestServer.builder().port(0).resultTimeoutSecs(2).start()) {
            DatabendConnectionFactory factory = factory(URI.create(server.baseUrl()), b -> b.user("root").password(""));
            Connection connection = connect(factory);
            List<String> queryIds = new CopyOnWriteArrayList<>();
            Long count = Flux.from(connection.createStatement("SELECT number FROM numbers(50000)").fetchSize(1000)
                            .execute())
                    .doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)))
                    .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                    .concatMap(value -> value == 500 ? Mono.delay(Duration.ofSeconds(5)).thenReturn(value)
                            : Mono.just(value), 1)
                    .count()
                    .block(Duration.ofMinutes(1));
            assertThat(count).isEqualTo(50_000L);
            assertThat(queryIds).hasSize(1);
            // each heartbeat keeps the query for 2 s more: a 5 s pause needs at least two
            assertThat(server.queries().heartbeatCount(queryIds.get(0))).isGreaterThanOrEqualTo(2);
            ClosedQueries.on(server.queries()).assertClosed("a result read to its end after a slow row", queryIds);
            assertThat(server.queries().ending(queryIds.get(0)).orElseThrow().reason())
                    .isEqualTo(CloseReason.FINALIZED);
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void statementTimeoutFailsAndKillsTheQuery() throws InterruptedException {
        DatabendConnectionFactory factory = factory(b -> b);
        Connection connection = connect(factory);
        Mono.from(connection.setStatementTimeout(Duration.ofMillis(100))).block();
        Throwable timeout = Flux.from(connection.createStatement(
                                "SELECT sum(a.number * b.number) FROM numbers(100000) a, numbers(100000) b").execute())
                .concatMap(r -> r.map(row -> row.get(0)))
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(30));
        assertThat(timeout).isInstanceOf(R2dbcTimeoutException.class);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("query id ([0-9a-f]{32})")
                .matcher(timeout.getMessage());
        assertThat(id.find()).as(timeout.getMessage()).isTrue();
        DatabendTestServer server = TestDatabend.embedded();
        if (server != null) {
            Await.until(Duration.ofSeconds(5), () -> server.queries().killedAt(id.group(1)).isPresent());
        }
        Mono.from(connection.setStatementTimeout(Duration.ZERO)).block();
        assertThat(Sql.rows(connection, "SELECT 7")).singleElement()
                .satisfies(row -> assertThat(row).singleElement().hasToString("7"));
        close(connection);
        factory.close().block();
    }

    /**
     * A thousand queries are open on the server at the same time, each with pages still to fetch, before any of
     * their rows is read; the driver's threads stay few throughout, and every query is finalized at the end.
     */
    @Test
    void thousandQueriesInFlightOnOneFactory() throws InterruptedException {
        int queries = 1000;
        int rowsEach = 1000;
        DatabendConnectionFactory factory = factory(b -> b);
        ClosedQueries server = ClosedQueries.onTarget();
        Set<String> queryIds = ConcurrentHashMap.newKeySet();
        Sinks.Empty<Void> readRows = Sinks.empty();
        ThreadPeak driverThreads = ThreadPeak.watch("r2dbc-databend");
        CompletableFuture<List<Long>> sums = Flux.range(0, queries)
                .flatMap(i -> Flux.usingWhen(factory.create(),
                        c -> Flux.from(c.createStatement("SELECT number + ? FROM numbers(" + rowsEach + ")")
                                        .bind(0, (long) i).fetchSize(100).execute())
                                .doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)))
                                // the mapped rows alone hold the query open until they are read
                                .concatMap(result -> readRows.asMono()
                                        .thenMany(result.map(row -> row.get(0, Long.class))))
                                .reduce(0L, Long::sum)
                                // 0 + 1 + ... + 999 plus i for each row
                                .map(sum -> sum - (rowsEach * (rowsEach - 1L) / 2 + (long) rowsEach * i)),
                        Connection::close), queries)
                .collectList()
                .toFuture();
        try {
            Await.until(Duration.ofMinutes(2), () -> queryIds.size() == queries || sums.isDone());
            assertThat(sums).as("no query ended before any row was read").isNotDone();
            assertThat(queryIds).as("every query answered its first page before any row was read").hasSize(queries);
            assertThat(queryIds).as("open on the server at once, rows still to fetch")
                    .allSatisfy(id -> assertThat(server.ending(id)).isEqualTo(ClosedQueries.Ending.OPEN));
            driverThreads.sample();
            readRows.tryEmitEmpty();
            assertThat(sums.get(3, TimeUnit.MINUTES)).hasSize(queries).containsOnly(0L);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the queries did not complete", e);
        } finally {
            readRows.tryEmitEmpty();
            driverThreads.close();
        }
        assertThat(driverThreads.peak()).as("the driver's threads while 1,000 queries were open")
                .isPositive().isLessThanOrEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
        server.assertClosed("1,000 concurrent queries read to their end", queryIds);
        factory.close().block();
    }
}
