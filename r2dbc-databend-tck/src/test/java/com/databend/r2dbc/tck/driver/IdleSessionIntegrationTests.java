package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.QueryObservations;
import com.databend.r2dbc.tck.server.query.QueryJournal.ReceivedRequest;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.tenRowPages;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Idle sessions kept alive, route hints and the warehouse header (docs/protocol.md §2.5, §4.4, §6.5, §6.6), against an
 * embedded server of its own whose client sessions lose their temp tables after one second without a request (Databend
 * keeps them for hours, so these tests observe the embedded server and do not run against {@code DATABEND_URL}).
 */
class IdleSessionIntegrationTests {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    private static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(300);

    /** Heartbeats that span three idle timeouts. */
    private static final long HEARTBEATS_OVER_THREE_TIMEOUTS = 3 * IDLE_TIMEOUT.toMillis()
        / HEARTBEAT_INTERVAL.toMillis();

    private static DatabendTestServer server;

    @BeforeAll
    static void start() {
        // a temp table outlives idleness longer than the result timeout as well as the session's idle timeout
        server = DatabendTestServer.builder().port(0).resultTimeoutSecs((int) IDLE_TIMEOUT.toSeconds())
            .clientSessionIdleTimeout(IDLE_TIMEOUT).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTempTableOutlivesIdlenessThroughHeartbeats() {
        QueryObservations observed = server.queries();
        String table = unique("kept");
        Connection connection = connect(heartbeatsEvery(HEARTBEAT_INTERVAL));
        try {
            exec(connection, "CREATE TEMP TABLE " + table + " (a INT)");
            exec(connection, "INSERT INTO " + table + " VALUES (1), (2)");
            long heartbeats = observed.sessionHeartbeatCount();
            long expired = observed.expiredClientSessionCount();

            Await.until("heartbeats over three idle timeouts", Duration.ofSeconds(10),
                () -> observed.sessionHeartbeatCount() - heartbeats >= HEARTBEATS_OVER_THREE_TIMEOUTS);

            assertThat(rows(connection, "SELECT a FROM " + table + " ORDER BY a")).containsExactly(List.of(1), List.of(2));
            assertThat(observed.expiredClientSessionCount()).isEqualTo(expired);
        } finally {
            close(connection);
        }
    }

    @Test
    void withoutHeartbeatsTheTempTablesExpireAndTheNextStatementFails() {
        QueryObservations observed = server.queries();
        String table = unique("lost");
        String database = unique("lost_db");
        long expired = observed.expiredClientSessionCount();
        Connection connection = connect(heartbeatsEvery(Duration.ZERO));
        Connection other = connect(heartbeatsEvery(Duration.ZERO));
        try {
            exec(other, "CREATE DATABASE " + database);
            exec(connection, "CREATE TEMP TABLE " + table + " (a INT)");
            exec(connection, "CREATE TEMP TABLE " + database + "." + table + " (a INT)");
            assertThat(storedTempTables(other, table)).isEqualTo(2);

            Await.until("the client session expired", Duration.ofSeconds(10),
                () -> observed.expiredClientSessionCount() > expired);

            assertThatThrownBy(() -> rows(connection, "SELECT a FROM " + table))
                .isInstanceOf(R2dbcNonTransientResourceException.class)
                .hasMessageContaining("expired after idle for more than 1 seconds")
                .satisfies(error -> assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(5110));
            assertThat(unknownTable(other, table)).isTrue();
            Await.until("the temp tables dropped", Duration.ofSeconds(5), () -> storedTempTables(other, table) == 0);
        } finally {
            close(connection);
            exec(other, "DROP DATABASE IF EXISTS " + database);
            close(other);
        }
    }

    @Test
    void closingTheConnectionLogsOutAndDropsItsTempTables() {
        QueryObservations observed = server.queries();
        String table = unique("closed");
        String database = unique("closed_db");
        Connection connection = connect(heartbeatsEvery(HEARTBEAT_INTERVAL));
        Connection other = connect(heartbeatsEvery(Duration.ZERO));
        try {
            exec(other, "CREATE DATABASE " + database);
            exec(connection, "CREATE TEMP TABLE " + database + "." + table + " (a INT)");
            exec(connection, "CREATE TEMP TABLE " + table + " (a INT)");
            String closedHint = pinned(lastQueryStart().routeHint());
            long logouts = observed.logoutCount();
            assertThat(storedTempTables(other, table)).isEqualTo(2);

            close(connection);

            assertThat(observed.logoutCount()).isEqualTo(logouts + 1);
            Await.until("the temp tables dropped", Duration.ofSeconds(5), () -> storedTempTables(other, table) == 0);
            int closedAt = observed.receivedRequests().size();
            long heartbeats = observed.sessionHeartbeatCount();
            Connection witness = connect(heartbeatsEvery(HEARTBEAT_INTERVAL));
            try {
                exec(witness, "CREATE TEMP TABLE " + unique("witness") + " (a INT)");
                String witnessHint = pinned(lastQueryStart().routeHint());
                Await.until("the open connection's heartbeats", Duration.ofSeconds(10),
                    () -> observed.sessionHeartbeatCount() - heartbeats >= HEARTBEATS_OVER_THREE_TIMEOUTS);
                assertThat(hintsOfSessionHeartbeats(closedAt)).isNotEmpty().containsOnly(witnessHint)
                    .doesNotContain(closedHint);
            } finally {
                close(witness);
            }
        } finally {
            exec(other, "DROP DATABASE IF EXISTS " + database);
            close(other);
        }
    }

    @Test
    void aTempTableIsSeenOnlyByTheClientSessionThatCreatedIt() {
        String table = unique("own");
        String shared = unique("shared");
        Connection first = connect(heartbeatsEvery(Duration.ZERO));
        Connection second = connect(heartbeatsEvery(Duration.ZERO));
        try {
            exec(first, "CREATE TABLE " + shared + " (a INT)");
            exec(first, "CREATE TEMPORARY TABLE " + table + " (a INT, b VARCHAR)");
            exec(first, "INSERT INTO " + table + " VALUES (1, 'first')");
            assertThat(unknownTable(second, table)).isTrue();

            exec(second, "CREATE TEMP TABLE " + table + " (a INT, b VARCHAR)");
            exec(second, "INSERT INTO default." + table + " VALUES (2, 'second')");
            exec(second, "INSERT INTO " + shared + " SELECT a FROM " + table);

            assertThat(rows(first, "SELECT a, b FROM " + table)).containsExactly(List.of(1, "first"));
            assertThat(rows(second, "SELECT a, b FROM " + table)).containsExactly(List.of(2, "second"));
            assertThat(rows(first, "SELECT a FROM " + shared)).containsExactly(List.of(2));
            assertThat(rows(first, "SHOW DATABASES")).extracting(row -> (String) row.get(0))
                .contains("default").noneMatch(name -> name.contains("temp"));

            exec(first, "DROP TABLE " + table);
            assertThat(unknownTable(first, table)).isTrue();
            assertThat(rows(second, "SELECT a FROM " + table)).containsExactly(List.of(2));
            exec(first, "DROP TABLE " + shared);
        } finally {
            close(first);
            close(second);
        }
    }

    @Test
    void aTempSchemaLivesAsLongAsItsTablesAndAFailedCreateLeavesNone() {
        String database = unique("schema_db");
        String missing = unique("no_such_db");
        Connection connection = connect(heartbeatsEvery(Duration.ZERO));
        Connection other = connect(heartbeatsEvery(Duration.ZERO));
        try {
            exec(other, "CREATE DATABASE " + database);
            exec(connection, "CREATE TEMP TABLE " + database + ".t1 (a INT)");
            exec(connection, "CREATE TEMP TABLE " + database + ".t2 (a INT)");
            assertThat(tempSchemas(other, database)).isOne();

            exec(connection, "DROP TABLE " + database + ".t1");
            assertThat(tempSchemas(other, database)).isOne();
            exec(connection, "DROP TABLE " + database + ".t2");
            assertThat(tempSchemas(other, database)).isZero();

            assertThatThrownBy(() -> exec(connection, "CREATE TEMP TABLE " + database + ".t3 AS SELECT no_such_column"))
                .isInstanceOfSatisfying(R2dbcException.class,
                    error -> assertThat(error.getErrorCode()).isEqualTo(1065));
            assertThatThrownBy(() -> exec(connection, "CREATE TEMP TABLE " + missing + ".t1 (a INT)"))
                .isInstanceOfSatisfying(R2dbcException.class,
                    error -> assertThat(error.getErrorCode()).isEqualTo(1003));
            assertThat(tempSchemas(other, database)).isZero();
            assertThat(tempSchemas(other, missing)).isZero();

            exec(connection, "CREATE TEMP TABLE " + database + ".t1 (a INT)");
            exec(connection, "INSERT INTO " + database + ".t1 VALUES (1)");
            assertThat(rows(connection, "SELECT a FROM " + database + ".t1")).containsExactly(List.of(1));
            assertThat(tempSchemas(other, database)).isOne();
        } finally {
            close(connection);
            exec(other, "DROP DATABASE IF EXISTS " + database);
            close(other);
        }
    }

    @Test
    void aSessionWithoutTempTablesSendsNoHeartbeat() {
        QueryObservations observed = server.queries();
        Connection plain = connect(heartbeatsEvery(HEARTBEAT_INTERVAL));
        Connection keeping = connect(heartbeatsEvery(HEARTBEAT_INTERVAL));
        try {
            int from = observed.receivedRequests().size();
            rows(plain, "SELECT 1");
            String plainHint = pinned(lastQueryStart().routeHint());
            exec(keeping, "CREATE TEMP TABLE " + unique("keeping") + " (a INT)");
            String keepingHint = pinned(lastQueryStart().routeHint());
            long heartbeats = observed.sessionHeartbeatCount();

            Await.until("heartbeats over three idle timeouts", Duration.ofSeconds(10),
                () -> observed.sessionHeartbeatCount() - heartbeats >= HEARTBEATS_OVER_THREE_TIMEOUTS);

            assertThat(hintsOfSessionHeartbeats(from)).isNotEmpty().containsOnly(keepingHint);
            assertThat(plainHint).isNotEqualTo(keepingHint);
        } finally {
            close(plain);
            close(keeping);
        }
    }

    @Test
    void everyRequestCarriesARouteHintAndTheAnsweredOneIsAdopted() {
        QueryObservations observed = server.queries();
        Connection connection = connect(heartbeatsEvery(Duration.ZERO));
        String table = unique("hinted");
        try {
            int from = observed.receivedRequests().size();
            assertThat(rows(connection, "SELECT number FROM numbers(25) ORDER BY number")).hasSize(25);
            List<ReceivedRequest> select = observed.receivedRequests().subList(from, observed.receivedRequests().size());
            String hint = select.get(0).routeHint();
            assertThat(select.get(0).toString()).isEqualTo("POST /v1/query");
            assertThat(hint).matches("rh:[0-9a-f-]{36}:\\d{6}");
            assertThat(select.subList(1, select.size())).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(request -> assertThat(request.routeHint()).isEqualTo("node-1/" + hint));

            int next = observed.receivedRequests().size();
            exec(connection, "CREATE TABLE " + table + " (a INT)");
            String nextHint = queryStarts(next).get(0).routeHint();
            assertThat(nextHint).matches("rh:[0-9a-f-]{36}:\\d{6}").isNotEqualTo(hint);

            int transaction = observed.receivedRequests().size();
            Mono.from(connection.beginTransaction()).block(Sql.TIMEOUT);
            exec(connection, "INSERT INTO " + table + " VALUES (1)");
            Mono.from(connection.commitTransaction()).block(Sql.TIMEOUT);
            List<ReceivedRequest> starts = queryStarts(transaction);
            assertThat(starts).hasSize(3);
            String begin = starts.get(0).routeHint();
            assertThat(starts.subList(1, 3)).allSatisfy(request ->
                assertThat(request.routeHint()).isEqualTo("node-1/" + begin.substring(begin.indexOf("rh:"))));
            assertThat(rows(connection, "SELECT a FROM " + table)).containsExactly(List.of(1));
        } finally {
            close(connection);
        }
    }

    @Test
    void theWarehouseHeaderFollowsTheSessionsWarehouseSetting() {
        QueryObservations observed = server.queries();
        Connection configured = connect(tenRowPages(server, options -> options.heartbeatInterval(Duration.ZERO)
            .warehouse("w0")));
        Connection unset = connect(heartbeatsEvery(Duration.ZERO));
        try {
            int from = observed.receivedRequests().size();
            rows(unset, "SELECT number FROM numbers(25)");
            exec(unset, "SET warehouse = 'w1'");
            List<ReceivedRequest> before = startsAndPages(from);
            assertThat(before).hasSizeGreaterThanOrEqualTo(4);
            assertThat(before).allSatisfy(request -> assertThat(request.warehouse()).isNull());
            int after = observed.receivedRequests().size();
            assertThat(rows(unset, "SELECT number FROM numbers(25)")).hasSize(25);
            assertThat(startsAndPages(after)).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(request -> assertThat(request.warehouse()).isEqualTo("w1"));

            int start = observed.receivedRequests().size();
            rows(configured, "SELECT 1");
            exec(configured, "SET warehouse = 'w2'");
            List<ReceivedRequest> configuredBefore = startsAndPages(start);
            int switched = observed.receivedRequests().size();
            rows(configured, "SELECT number FROM numbers(25)");
            assertThat(configuredBefore).hasSize(2).allSatisfy(request ->
                assertThat(request.warehouse()).isEqualTo("w0"));
            assertThat(startsAndPages(switched)).hasSizeGreaterThanOrEqualTo(3).allSatisfy(request ->
                assertThat(request.warehouse()).isEqualTo("w2"));
        } finally {
            close(configured);
            close(unset);
        }
    }

    private static io.r2dbc.spi.ConnectionFactory heartbeatsEvery(Duration interval) {
        UnaryOperator<DatabendConnectionConfiguration.Builder> options = builder -> builder.heartbeatInterval(interval);
        return tenRowPages(server, options);
    }

    private static boolean unknownTable(Connection connection, String table) {
        try {
            rows(connection, "SELECT a FROM " + table);
            return false;
        } catch (R2dbcException e) {
            return e.getErrorCode() == 1025;
        }
    }

    /**
     * How many tables named {@code table} the embedded server's engine holds for client sessions, asked through its
     * DuckDB catalog (the engine schemas of temp tables are {@code _temp_tables_<id>_<database>}).
     */
    private static long storedTempTables(Connection connection, String table) {
        return ((Number) rows(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema LIKE "
            + "'_temp_tables_%' AND table_name = '" + table + "'").get(0).get(0)).longValue();
    }

    /** How many engine schemas hold temp tables of {@code database} for client sessions. */
    private static long tempSchemas(Connection connection, String database) {
        return ((Number) rows(connection, "SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE "
            + "'_temp_tables_%_" + database + "'").get(0).get(0)).longValue();
    }

    private static ReceivedRequest lastQueryStart() {
        List<ReceivedRequest> requests = server.queries().receivedRequests();
        for (int i = requests.size() - 1; i >= 0; i--) {
            if (requests.get(i).toString().equals("POST /v1/query")) {
                return requests.get(i);
            }
        }
        throw new AssertionError("no query was started");
    }

    /** The query starts received since {@code from}. */
    private static List<ReceivedRequest> queryStarts(int from) {
        List<ReceivedRequest> requests = server.queries().receivedRequests();
        return requests.subList(from, requests.size()).stream()
            .filter(request -> request.toString().equals("POST /v1/query"))
            .toList();
    }

    /**
     * The query starts and page requests received since {@code from}, without the {@code final} requests, which the
     * driver sends in the background and may arrive after the next statement's start.
     */
    private static List<ReceivedRequest> startsAndPages(int from) {
        List<ReceivedRequest> requests = server.queries().receivedRequests();
        return requests.subList(from, requests.size()).stream()
            .filter(request -> request.path().startsWith("/v1/query") && !request.path().endsWith("/final"))
            .toList();
    }

    /** The hint the server answers a query start with, which the connection sends from then on. */
    private static String pinned(String hint) {
        return "node-1/" + hint.substring(hint.indexOf("rh:"));
    }

    private static List<String> hintsOfSessionHeartbeats(int from) {
        List<ReceivedRequest> requests = server.queries().receivedRequests();
        return requests.subList(Math.min(from, requests.size()), requests.size()).stream()
            .filter(request -> request.toString().equals("POST /v1/session/heartbeat"))
            .map(ReceivedRequest::routeHint)
            .toList();
    }
}
