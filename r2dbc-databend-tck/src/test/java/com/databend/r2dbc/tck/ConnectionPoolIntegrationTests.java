package com.databend.r2dbc.tck;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Wrapped;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** r2dbc-pool over our factory, from an {@code r2dbc:pool:databend://} URL through {@link ConnectionFactories}. */
class ConnectionPoolIntegrationTests {

    private static final String DATABASE = "r2dbc_pool";

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ConnectionPool pool;

    @BeforeAll
    static void createDatabase() {
        Flux.usingWhen(TestDatabend.rootFactory("default").create(),
                        connection -> run(connection, "CREATE DATABASE IF NOT EXISTS " + DATABASE),
                        Connection::close)
                .then().block(TIMEOUT);
    }

    @AfterAll
    static void dropDatabase() {
        Flux.usingWhen(TestDatabend.rootFactory("default").create(),
                        connection -> run(connection, "DROP DATABASE IF EXISTS " + DATABASE),
                        Connection::close)
                .then().block(TIMEOUT);
    }

    @AfterEach
    void disposePool() {
        if (pool != null) {
            pool.close().block(TIMEOUT);
        }
    }

    private ConnectionPool pool(String options) {
        String url = TestDatabend.target().r2dbcUrl(DATABASE).replaceFirst(":databend://", ":pool:databend://")
                + "?" + options;
        ConnectionFactory factory = ConnectionFactories.get(url);
        assertThat(factory).isInstanceOf(ConnectionPool.class);
        pool = (ConnectionPool) factory;
        return pool;
    }

    private static Flux<Long> run(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated);
    }

    private static long exec(Connection connection, String sql) {
        return run(connection, sql).reduce(0L, Long::sum).block(TIMEOUT);
    }

    private static List<Long> longs(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.map(row -> ((Number) row.get(0)).longValue()))
                .collectList().block(TIMEOUT);
    }

    private static Connection acquire(ConnectionPool pool) {
        return pool.create().block(TIMEOUT);
    }

    private static void release(Connection connection) {
        Mono.from(connection.close()).block(TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private static Connection physical(Connection pooled) {
        return ((Wrapped<Connection>) pooled).unwrap();
    }

    private static PoolMetrics metrics(ConnectionPool pool) {
        return pool.getMetrics().orElseThrow();
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }


    @Test
    void acquireRunsQueriesAndReleaseReturnsTheConnection() {
        ConnectionPool pool = pool("initialSize=1&maxSize=3");

        Connection first = acquire(pool);
        Connection second = acquire(pool);
        assertThat(physical(first)).isNotSameAs(physical(second));
        assertThat(metrics(pool).acquiredSize()).isEqualTo(2);
        assertThat(longs(first, "SELECT 1 + 1")).containsExactly(2L);
        assertThat(longs(second, "SELECT number FROM numbers(3)")).containsExactly(0L, 1L, 2L);

        release(first);
        release(second);
        assertThat(metrics(pool).acquiredSize()).isZero();
        assertThat(metrics(pool).allocatedSize()).isEqualTo(2);
        assertThat(metrics(pool).idleSize()).isEqualTo(2);

        Connection again = acquire(pool);
        assertThat(metrics(pool).allocatedSize()).as("an idle connection is reused, none is added").isEqualTo(2);
        assertThat(longs(again, "SELECT 42")).containsExactly(42L);
        release(again);
    }

    @Test
    void releaseRollsBackAnUnfinishedTransaction() {
        ConnectionPool pool = pool("maxSize=1");
        String table = unique("pool_tx");
        Connection setup = acquire(pool);
        exec(setup, "CREATE TABLE " + table + " (v INT)");
        release(setup);

        Connection first = acquire(pool);
        Mono.from(first.beginTransaction()).block(TIMEOUT);
        assertThat(exec(first, "INSERT INTO " + table + " VALUES (1)")).isEqualTo(1);
        assertThat(longs(first, "SELECT count(*) FROM " + table)).containsExactly(1L);
        assertThat(first.isAutoCommit()).isFalse();
        Connection firstPhysical = physical(first);
        release(first);

        Connection next = acquire(pool);
        assertThat(physical(next)).as("maxSize=1: the released connection is handed on").isSameAs(firstPhysical);
        assertThat(next.isAutoCommit()).as("no transaction is left open for the next acquirer").isTrue();
        assertThat(longs(next, "SELECT count(*) FROM " + table)).containsExactly(0L);
        exec(next, "DROP TABLE " + table);
        release(next);
    }

    @Test
    void committedWorkSurvivesRelease() {
        ConnectionPool pool = pool("maxSize=1");
        String table = unique("pool_commit");
        Connection first = acquire(pool);
        exec(first, "CREATE TABLE " + table + " (v INT)");
        Mono.from(first.beginTransaction()).block(TIMEOUT);
        exec(first, "INSERT INTO " + table + " VALUES (7)");
        Mono.from(first.commitTransaction()).block(TIMEOUT);
        release(first);

        Connection next = acquire(pool);
        assertThat(longs(next, "SELECT v FROM " + table)).containsExactly(7L);
        exec(next, "DROP TABLE " + table);
        release(next);
    }

    @Test
    void remoteValidationQueriesTheServerOnAcquire() {
        ConnectionPool pool = pool("maxSize=1&validationDepth=REMOTE");
        release(acquire(pool));
        DatabendTestServer server = TestDatabend.embedded();
        long before = server == null ? 0 : server.queries().startedCount();

        Connection connection = acquire(pool);
        assertThat(longs(connection, "SELECT 5")).containsExactly(5L);
        release(connection);

        if (server != null) {
            // one validation query on acquire, one query of ours
            assertThat(server.queries().startedCount() - before).isEqualTo(2);
        }
    }

    @Test
    void localValidationDoesNotQueryTheServer() {
        ConnectionPool pool = pool("maxSize=1&validationDepth=LOCAL");
        release(acquire(pool));
        DatabendTestServer server = TestDatabend.embedded();
        long before = server == null ? 0 : server.queries().startedCount();

        Connection connection = acquire(pool);
        assertThat(longs(connection, "SELECT 6")).containsExactly(6L);
        release(connection);

        if (server != null) {
            assertThat(server.queries().startedCount() - before).isEqualTo(1);
        }
    }

    @Test
    void anInvalidConnectionIsReplacedOnAcquireWithLocalValidation() {
        replacesInvalidConnection("LOCAL");
    }

    @Test
    void anInvalidConnectionIsReplacedOnAcquireWithRemoteValidation() {
        replacesInvalidConnection("REMOTE");
    }

    private void replacesInvalidConnection(String depth) {
        ConnectionPool pool = pool("maxSize=1&validationDepth=" + depth);
        Connection first = acquire(pool);
        Connection idle = physical(first);
        release(first);
        assertThat(metrics(pool).idleSize()).isEqualTo(1);
        // the idle physical connection dies behind the pool's back; acquire must notice and replace it
        Mono.from(idle.close()).block(TIMEOUT);

        Connection next = acquire(pool);
        assertThat(physical(next)).as("the invalid idle connection was replaced").isNotSameAs(idle);
        assertThat(longs(next, "SELECT 3")).containsExactly(3L);
        assertThat(metrics(pool).allocatedSize()).isEqualTo(1);

        // one that dies while in use is not handed out again either
        Connection inUse = physical(next);
        Mono.from(inUse.close()).block(TIMEOUT);
        release(next);
        Connection third = acquire(pool);
        assertThat(physical(third)).isNotSameAs(inUse).isNotSameAs(idle);
        assertThat(longs(third, "SELECT 4")).containsExactly(4L);
        release(third);
        assertThat(metrics(pool).acquiredSize()).isZero();
        assertThat(metrics(pool).allocatedSize()).isEqualTo(1);
    }

    @Test
    void tenThousandAcquireReleaseCyclesWithCancellationsLeakNothing() throws InterruptedException {
        int maxSize = 4;
        ConnectionPool pool = pool("initialSize=1&maxSize=" + maxSize + "&maxAcquireTime=PT30S");
        AtomicInteger maxAllocated = new AtomicInteger();
        AtomicInteger queried = new AtomicInteger();
        AtomicInteger streamedRows = new AtomicInteger();
        Set<String> queryIds = ConcurrentHashMap.newKeySet();

        Flux.range(0, 10_000)
                .flatMap(i -> cycle(pool, i, queried, streamedRows, queryIds)
                        .doFinally(signal -> maxAllocated.accumulateAndGet(metrics(pool).allocatedSize(), Math::max)),
                        16)
                .then()
                .block(Duration.ofSeconds(120));

        assertThat(queried.get()).as("completed SELECT 1 cycles").isEqualTo(1000 - 100);
        assertThat(streamedRows.get()).as("rows taken before cancelling the big query").isEqualTo(100 * 3);
        assertThat(Await.within(Duration.ofSeconds(10), () -> metrics(pool).acquiredSize() == 0))
                .as("every acquired connection was released, acquired=" + metrics(pool).acquiredSize()).isTrue();
        PoolMetrics metrics = metrics(pool);
        assertThat(metrics.allocatedSize()).isBetween(1, maxSize);
        assertThat(maxAllocated.get()).isLessThanOrEqualTo(maxSize);
        assertThat(metrics.pendingAcquireSize()).isZero();
        assertThat(metrics.idleSize()).isEqualTo(metrics.allocatedSize());

        Connection connection = acquire(pool);
        assertThat(longs(connection, "SELECT 9")).containsExactly(9L);
        release(connection);

        assertThat(queryIds).as("one query for each SELECT 1 cycle and each cancelled big query").hasSize(1000);
        ClosedQueries.onTarget().assertClosed("10,000 acquire/release cycles", queryIds);
    }

    /**
     * One acquire/release cycle: mostly a bare acquire and release; every 10th runs SELECT 1; every 100th starts a
     * large query and cancels it after three rows; every 7th (not otherwise used) is cancelled after 1 ms,
     * whether it is still acquiring or already holds its connection.
     */
    private static Mono<Void> cycle(ConnectionPool pool, int i, AtomicInteger queried, AtomicInteger streamedRows,
                                    Set<String> queryIds) {
        if (i % 100 == 0) {
            return Flux.usingWhen(pool.create(),
                            connection -> Flux.from(connection.createStatement(
                                            "SELECT number FROM numbers(1000000)").execute())
                                    .doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)))
                                    .flatMap(result -> result.map(row -> row.get(0, Long.class))),
                            Connection::close)
                    .take(3)
                    .doOnNext(row -> streamedRows.incrementAndGet())
                    .then();
        }
        if (i % 10 == 0) {
            return Flux.usingWhen(pool.create(),
                            connection -> Flux.from(connection.createStatement("SELECT 1").execute())
                                    .doOnNext(result -> queryIds.add(ClosedQueries.queryId(result)))
                                    .flatMap(result -> result.map(row -> row.get(0, Integer.class))),
                            Connection::close)
                    .doOnNext(value -> {
                        if (value == 1) {
                            queried.incrementAndGet();
                        }
                    })
                    .then();
        }
        if (i % 7 == 0) {
            return Mono.usingWhen(pool.create(), connection -> Mono.never(), Connection::close)
                    .timeout(Duration.ofMillis(1), Mono.empty())
                    .then();
        }
        return Mono.usingWhen(pool.create(), connection -> Mono.just(connection.isAutoCommit()), Connection::close)
                .then();
    }
}
