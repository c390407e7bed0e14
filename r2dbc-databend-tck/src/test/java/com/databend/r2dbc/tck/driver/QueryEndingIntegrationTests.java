package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.testsupport.Await;
import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.api.DatabendStages;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.tck.server.EmbeddedServerExtension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How queries end when the network misbehaves, against the embedded server's injected faults: a {@code final}
 * that is never answered does not hold the result back, a page that gets no answer in time is fetched again,
 * a query whose pages keep failing is killed with an error that names it, and a kill answered late holds the
 * connection's next statement.
 */
class QueryEndingIntegrationTests {

    private static final Duration HUNG = Duration.ofSeconds(30);
    private static final Pattern KILL = Pattern.compile("POST /v1/query/([0-9a-f]+)/kill");

    @RegisterExtension
    static final EmbeddedServerExtension SERVER = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    @AfterEach
    void disarm() {
        server.faults().clear();
    }

    private static DatabendConnectionFactory factory(UnaryOperator<DatabendConnectionConfiguration.Builder> options) {
        return Sql.tenRowPages(server, options);
    }

    private static List<Long> numbers(Connection connection, int count, AtomicReference<String> queryId) {
        return Flux.from(connection.createStatement("SELECT number FROM numbers(" + count + ")").execute())
                .doOnNext(result -> queryId.set(((DatabendResultInfo) result).queryId()))
                .concatMap(r -> r.map(row -> row.get(0, Long.class)))
                .collectList().block(Sql.TIMEOUT);
    }


    @Test
    void resultCompletesWithoutWaitingForTheAnswerToFinal() throws InterruptedException {
        DatabendConnectionFactory factory = factory(b -> b);
        Connection connection = connect(factory);
        try {
            long before = server.faults().injectedCount();
            server.faults().delayNext("POST /v1/query/.+/final", 1, HUNG);
            long started = System.nanoTime();
            List<Long> numbers = numbers(connection, 25, new AtomicReference<>());
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(numbers).containsExactlyElementsOf(LongStream.range(0, 25).boxed().toList());
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            // final goes out in the background once the last page is in: the server gets it, and never answers
            Await.until(() -> server.faults().injectedCount() - before == 1);
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void aFinalWithoutAnswerGivesItsConnectionBackAfterTheAnswerTimeout() {
        DatabendConnectionFactory factory = factory(b -> b.maxHttpConnections(1));
        Connection connection = connect(factory);
        try {
            server.faults().delayNext("POST /v1/query/.+/final", 1, HUNG);
            assertThat(numbers(connection, 25, new AtomicReference<>())).hasSize(25);
            // the only HTTP connection waits for final's answer at most the answer timeout (5 s), not HUNG (30 s)
            // nor the page request timeout (70 s)
            long started = System.nanoTime();
            assertThat(numbers(connection, 3, new AtomicReference<>())).containsExactly(0L, 1L, 2L);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void pageWithoutAnswerInTimeIsFetchedAgain() {
        DatabendConnectionFactory factory = factory(b -> b.retryCount(2).waitTimeSecs(0)
                .pageRequestTimeout(Duration.ofSeconds(1)));
        Connection connection = connect(factory);
        try {
            long before = server.faults().injectedCount();
            server.faults().delayNext("GET /v1/query/.+/page/1", 1, Duration.ofSeconds(3));
            List<Long> numbers = numbers(connection, 25, new AtomicReference<>());
            assertThat(numbers).containsExactlyElementsOf(LongStream.range(0, 25).boxed().toList());
            assertThat(server.faults().injectedCount() - before).isEqualTo(1);
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    @Test
    void queryWhosePagesKeepFailingIsKilledAndNamed() throws InterruptedException {
        DatabendConnectionFactory factory = factory(b -> b.retryCount(1));
        Connection connection = connect(factory);
        try {
            server.faults().failNext("GET /v1/query/.+/page/1", 2, 503);
            AtomicReference<String> queryId = new AtomicReference<>();
            Throwable failure = Mono.fromCallable(() -> numbers(connection, 25, queryId))
                    .then(Mono.<Throwable>empty())
                    .onErrorResume(Mono::just)
                    .block(Sql.TIMEOUT);
            assertThat(failure).isInstanceOf(R2dbcTransientResourceException.class)
                    .hasMessage("[503] injected fault [HTTP 503] [query id " + queryId.get() + "]");
            assertThat(((R2dbcException) failure).getErrorCode()).isEqualTo(503);
            Await.until(() -> server.queries().killedAt(queryId.get()).isPresent());
        } finally {
            close(connection);
            factory.close().block();
        }
    }

    /**
     * A query of a turn's own work (the LIST of a stage listing) cancelled after its first page, while the server
     * still holds its other pages, is killed: the connection's next statement reaches the server only once that kill
     * was answered, so the server answers it after it closed the listing's query.
     */
    @Test
    void aListingCancelledAfterItsFirstPageHoldsTheNextStatementUntilItsKillWasAnswered() {
        DatabendConnectionFactory factory = factory(b -> b.maxRowsPerPage(1));
        Connection connection = connect(factory);
        try {
            DatabendStages stages = DatabendStages.of(connection);
            String directory = "@~/" + Sql.unique("listing") + "/";
            Flux.range(0, 3).concatMap(i -> stages.upload(directory + i + ".csv",
                    Mono.just(ByteBuffer.wrap("1\n".getBytes(StandardCharsets.US_ASCII))))).blockLast(Sql.TIMEOUT);
            int seen = server.queries().recentRequests().size();
            server.faults().delayNext("POST /v1/query/.+/kill", 1, Duration.ofSeconds(1));
            assertThat(stages.list(directory).take(1).count().block(Sql.TIMEOUT)).isOne();
            AtomicReference<Instant> answered = new AtomicReference<>();
            List<Integer> next = Flux.from(connection.createStatement("SELECT 7").execute())
                    .doOnNext(result -> answered.set(Instant.now()))
                    .concatMap(result -> result.map(row -> row.get(0, Integer.class)))
                    .collectList().block(Sql.TIMEOUT);
            assertThat(next).containsExactly(7);
            List<String> requests = server.queries().recentRequests();
            List<String> killed = requests.subList(seen, requests.size()).stream().map(KILL::matcher)
                    .filter(Matcher::matches).map(kill -> kill.group(1)).toList();
            assertThat(killed).hasSize(1);
            assertThat(server.queries().killedAt(killed.get(0)))
                    .hasValueSatisfying(at -> assertThat(at).isBefore(answered.get()));
        } finally {
            close(connection);
            factory.close().block();
        }
    }
}
