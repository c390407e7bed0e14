package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.tck.TestDatabend;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static com.databend.r2dbc.tck.driver.Sql.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Statements fired at once on one connection run one after the other, in the order they were subscribed: inside a
 * transaction (where Databend would answer 4003 to a statement sent while the one before still streams) and outside
 * one; a queued statement that is cancelled never runs; an error does not hold the statements behind it.
 */
class QueuedStatementsIntegrationTests {

    private static final String MANY_PAGES = "SELECT number FROM numbers(100000) ORDER BY number";
    /** Two pages of ten rows, 0 to 14, on this class's connections. */
    private static final String TWO_PAGES = "SELECT number FROM numbers(15) ORDER BY number";
    /** A hundred pages of ten rows. */
    private static final String HUNDRED_PAGES = "SELECT number FROM numbers(1000) ORDER BY number";
    private static final List<String> ZERO_TO_FOURTEEN = IntStream.range(0, 15).mapToObj(String::valueOf).toList();

    private final ConnectionFactory factory = ConnectionFactories.get(TestDatabend.target().r2dbcUrl("default")
            + "?maxRowsPerPage=10");

    private Connection connection;
    private String table;

    @BeforeEach
    void createTable() {
        connection = Sql.connect(factory);
        table = unique("queued");
        exec(connection, "CREATE TABLE " + table + " (n INT)");
    }

    @AfterEach
    void dropTable() {
        exec(connection, "DROP TABLE IF EXISTS " + table);
        close(connection);
    }

    private Mono<Long> updated(String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(Result::getRowsUpdated).next();
    }

    private Mono<Long> count() {
        return Flux.from(connection.createStatement("SELECT count(*) FROM " + table).execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class))).next();
    }

    @Test
    void anInsertAndASelectFiredAtOnceInsideATransactionBothSucceedInOrder() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        List<Long> counts = Mono.zip(updated("INSERT INTO " + table + " VALUES (1)"), count())
                .map(both -> List.of(both.getT1(), both.getT2()))
                .block(TIMEOUT);
        assertThat(counts).containsExactly(1L, 1L);
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
        assertThat(rows(connection, "SELECT n FROM " + table)).containsExactly(List.of(1));
    }

    @Test
    void anInsertAndASelectFiredAtOnceOutsideATransactionRunInOrder() {
        List<Long> counts = Mono.zip(updated("INSERT INTO " + table + " VALUES (1)"), count())
                .map(both -> List.of(both.getT1(), both.getT2()))
                .block(TIMEOUT);
        assertThat(counts).containsExactly(1L, 1L);
    }

    @Test
    void aHundredStatementsFiredAtOnceInsideATransactionCompleteInOrder() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        // fifty INSERTs, each followed by a count that must see it and no later one; all subscribed at once,
        // flatMapSequential gives the counts in the order of the statements, whichever thread each came on
        List<Long> counts = Flux.range(0, 100)
                .flatMapSequential(i -> i % 2 == 0 ? updated("INSERT INTO " + table + " VALUES (" + i + ")").then(Mono.empty())
                        : count(), 100)
                .collectList().block(TIMEOUT);
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
        assertThat(counts).containsExactlyElementsOf(LongRange.of(1, 50));
    }

    @Test
    void aQueuedStatementCancelledBeforeItsTurnNeverRuns() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        Flux<Long> streaming = Flux.from(connection.createStatement(MANY_PAGES).fetchSize(1000).execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class)));
        Mono<Long> read = streaming.count().cache();
        read.subscribe();
        Disposable insert = updated("INSERT INTO " + table + " VALUES (7)").subscribe();
        insert.dispose();
        assertThat(read.block(TIMEOUT)).isEqualTo(100_000L);
        assertThat(count().block(TIMEOUT)).isZero();
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
        assertThat(count().block(TIMEOUT)).isZero();
    }

    @Test
    void anErrorOfTheFirstDoesNotHoldTheSecond() {
        List<String> outcomes = Flux.merge(
                        updated("INSERT INTO no_such_table_" + table + " VALUES (1)").map(String::valueOf)
                                .onErrorResume(R2dbcBadGrammarException.class, e -> Mono.just("bad grammar")),
                        updated("INSERT INTO " + table + " VALUES (2)").map(String::valueOf))
                .collectList().block(TIMEOUT);
        assertThat(outcomes).containsExactly("bad grammar", "1");
        assertThat(rows(connection, "SELECT n FROM " + table)).containsExactly(List.of(2));
    }

    /**
     * The held result would hold the queue forever; the next statement releases it (kill) instead of waiting, and
     * the killed statement aborts the transaction, so the next statement gets 4002 and a ROLLBACK recovers.
     */
    @Test
    void insideATransactionTheNextStatementReleasesAResultNobodySubscribedTo() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        Result held = Flux.from(connection.createStatement(MANY_PAGES).fetchSize(1000).execute()).blockLast(TIMEOUT);
        assertThat(held).isNotNull();
        R2dbcRollbackException aborted = catchThrowableOfType(R2dbcRollbackException.class,
                () -> updated("INSERT INTO " + table + " VALUES (5)").block(TIMEOUT));
        assertThat(aborted.getErrorCode()).isEqualTo(4002);
        Mono.from(connection.rollbackTransaction()).block(TIMEOUT);
        assertThat(count().block(TIMEOUT)).isZero();
    }

    /**
     * Inside a transaction each statement of one {@code execute()} waits for the query before it to end; results
     * collected before any is read are read ahead as far as a result holds pages anyway (two), so short ones are
     * read in order afterwards.
     */
    @Test
    void insideATransactionTheResultsOfOneStatementCollectedUnreadAreReadInOrder() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        List<Result> results = Flux.<Result>from(connection.createStatement(TWO_PAGES + "; INSERT INTO " + table
                + " VALUES (1); SELECT count(*) FROM " + table).execute()).collectList().block(TIMEOUT);
        assertThat(read(results)).containsExactlyElementsOf(concat(ZERO_TO_FOURTEEN, List.of("updated 1", "1")));
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
        assertThat(rows(connection, "SELECT n FROM " + table)).containsExactly(List.of(1));
    }

    @Test
    void insideATransactionTheResultsOfABatchCollectedUnreadAreReadInOrder() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        List<Result> results = Flux.<Result>from(connection.createBatch().add(TWO_PAGES)
                .add("INSERT INTO " + table + " VALUES (1)").add("SELECT count(*) FROM " + table).execute())
                .collectList().block(TIMEOUT);
        assertThat(read(results)).containsExactlyElementsOf(concat(ZERO_TO_FOURTEEN, List.of("updated 1", "1")));
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
    }

    @Test
    void insideATransactionTheResultsOfBindingSetsCollectedUnreadAreReadInOrder() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        List<Result> results = Flux.<Result>from(connection.createStatement(
                        "SELECT number FROM numbers(15) WHERE number >= ? ORDER BY number")
                .bind(0, 0).add().bind(0, 12).add().bind(0, 14).execute()).collectList().block(TIMEOUT);
        assertThat(read(results)).containsExactlyElementsOf(concat(ZERO_TO_FOURTEEN, List.of("12", "13", "14", "14")));
        Mono.from(connection.commitTransaction()).block(TIMEOUT);
    }

    /**
     * A result longer than two pages cannot be read ahead: the next statement is not sent, and execute() fails with
     * an error that says what to do; the transaction can still be rolled back.
     */
    @Test
    void insideATransactionAResultTooLongToReadAheadFailsTheStatementsAfterIt() {
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        Sql.exec(connection, "INSERT INTO " + table + " VALUES (1)");
        R2dbcNonTransientResourceException unread = catchThrowableOfType(R2dbcNonTransientResourceException.class,
                () -> Flux.from(connection.createStatement(HUNDRED_PAGES + "; INSERT INTO " + table + " VALUES (2)")
                        .execute()).collectList().block(TIMEOUT));
        assertThat(unread).hasMessageContaining("was not read").hasMessageContaining("concatMap")
                .hasMessageMatching("(?s).*query id [0-9a-f]{32}.*");
        Mono.from(connection.rollbackTransaction()).block(TIMEOUT);
        assertThat(count().block(TIMEOUT)).isZero();
    }

    @Test
    void outsideATransactionTheResultsOfOneStatementCollectedUnreadAreReadInOrder() {
        List<Result> results = Flux.<Result>from(connection.createStatement(TWO_PAGES + "; INSERT INTO " + table
                        + " VALUES (1); " + HUNDRED_PAGES + "; SELECT count(*) FROM " + table).execute())
                .collectList().block(TIMEOUT);
        assertThat(results).hasSize(4);
        assertThat(read(results)).containsExactlyElementsOf(concat(concat(ZERO_TO_FOURTEEN, List.of("updated 1")),
                concat(IntStream.range(0, 1000).mapToObj(String::valueOf).toList(), List.of("1"))));
    }

    /** The results read one after the other: each row's first value, or "updated n" for an update count. */
    private static List<String> read(List<Result> results) {
        return Flux.fromIterable(results)
                .concatMap(result -> Flux.from(result.flatMap(segment -> {
                    if (segment instanceof Result.RowSegment row) {
                        return Mono.just(String.valueOf(row.row().get(0)));
                    }
                    return segment instanceof Result.UpdateCount count ? Mono.just("updated " + count.value())
                            : Mono.empty();
                })))
                .collectList().block(TIMEOUT);
    }

    private static List<String> concat(List<String> first, List<String> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    /** The longs from {@code first} to {@code last}. */
    private static final class LongRange {

        static List<Long> of(long first, long last) {
            return IntStream.rangeClosed((int) first, (int) last).mapToObj(i -> (long) i).toList();
        }
    }
}
