package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.api.DatabendStages;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements of one connection run one at a time, in the order they were subscribed ({@link StatementQueue}):
 * a statement starts only once the query before it ended, a queued statement that is cancelled never reaches the
 * server, and an error does not hold the queue.
 */
class StatementQueueTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String INT = "[{\"name\":\"n\",\"type\":\"Int32\"}]";
    /** A stage directory whose statements have a page 1 that is never answered in time. */
    private static final String PAGED = "@~/paged/";
    private static final String ACTIVE = "{\"database\":\"default\",\"txn_state\":\"Active\",\"need_sticky\":true,"
            + "\"need_keep_alive\":false,\"internal\":\"{\\\"last_node_id\\\":\\\"" + ScriptedDatabend.NODE_ID
            + "\\\",\\\"last_query_ids\\\":[\\\"q-begin\\\"]}\"}";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    /**
     * {@code SELECT 'two pages'} answers rows 1, 2 then, a little later, row 3 on page 1; {@code SELECT 'answered
     * late'} answers the same first page 300 ms after its start came, {@code SELECT 'never answered'} not before a
     * minute; {@code SELECT 'bad'} fails with 1065; {@code COMMIT} and a statement naming {@value #PAGED} answer
     * rows 1, 2 and their page 1 not before a minute, a kill of their query 300 ms after the kill came;
     * {@code BEGIN} answers a session with an active transaction; any other statement answers its own text as the
     * one row of one page.
     */
    private Connection connect() {
        return connect(options -> options);
    }

    private Connection connect(UnaryOperator<DatabendConnectionConfiguration.Builder> options) {
        // the delay leaves a statement that did not wait time to reach the server first
        Function<Request, Reply> twoPages = ScriptedDatabend.twoPages(request -> new Reply(200,
                ScriptedDatabend.singlePage(ScriptedDatabend.queryIdOf(request.uri()), INT, "[[\"3\"]]", "null"),
                Duration.ofMillis(100)));
        databend.start(request -> {
            if (request.is("PUT", "/v1/upload_to_stage")) {
                return new Reply(200, "{}", Duration.ofMillis(100));
            }
            if (request.is("PUT", "/v1/streaming_load")) {
                return new Reply(200, "{\"id\":\"load-1\",\"stats\":{\"rows\":1,\"bytes\":2}}",
                        Duration.ofMillis(100));
            }
            if (request.isQueryStart() && request.body().contains("answered late")) {
                return new Reply(200, twoPages.apply(request).body(), Duration.ofMillis(300));
            }
            if (request.isQueryStart() && request.body().contains("never answered")) {
                return new Reply(200, twoPages.apply(request).body(), Duration.ofMinutes(1));
            }
            if (request.uri().endsWith("/page/1") && ofPagedStatement(request)) {
                return new Reply(200, twoPages.apply(request).body(), Duration.ofMinutes(1));
            }
            if (request.uri().endsWith("/kill") && ofPagedStatement(request)) {
                return new Reply(200, "", Duration.ofMillis(300));
            }
            if (request.isQueryStart() && sql(request).equals("BEGIN")) {
                return Reply.ok(ScriptedDatabend.singlePage(request.queryId(), "[]", "[]", ACTIVE));
            }
            if (request.isQueryStart() && !request.body().contains("two pages") && !paged(sql(request))) {
                String text = sql(request);
                return Reply.ok(text.equals("SELECT 'bad'")
                        ? ScriptedDatabend.errorPage(request.queryId(), 1065, "no such column")
                        : ScriptedDatabend.singlePage(request.queryId(), "[{\"name\":\"s\",\"type\":\"String\"}]",
                                "[[\"" + text.substring("SELECT ".length()).replace("'", "") + "\"]]", "null"));
            }
            return twoPages.apply(request);
        });
        return Mono.from(databend.factory(options).create()).block(TIMEOUT);
    }

    /** Whether {@code request} (a page, kill or final) is one of a {@link #paged} statement's query. */
    private boolean ofPagedStatement(Request request) {
        String queryId = ScriptedDatabend.queryIdOf(request.uri());
        return databend.server().starts().stream()
                .anyMatch(start -> start.queryId().equals(queryId) && paged(sql(start)));
    }

    /** Whether {@code sql} is answered with a page 1 that does not come in time. */
    private static boolean paged(String sql) {
        return sql.equals("COMMIT") || sql.contains(PAGED);
    }

    private static String sql(Request request) {
        int start = request.body().indexOf("\"sql\":\"") + 7;
        return request.body().substring(start, request.body().indexOf('"', start));
    }

    private static Flux<Object> rows(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.map(row -> row.get(0)));
    }

    /**
     * The text of each query start, page request, upload and load the server received, in order (login and ends
     * left out).
     */
    private List<String> journal() {
        return databend.server().requests().stream()
                .map(request -> request.isQueryStart() ? sql(request)
                        : request.uri().endsWith("/page/1") ? "page 1"
                        : request.is("PUT", "/v1/upload_to_stage") ? "upload"
                        : request.is("PUT", "/v1/streaming_load") ? "load" : null)
                .filter(Objects::nonNull)
                .toList();
    }

    /**
     * The query starts and kills the server received and answered, in order: the text of a start, {@code kill}, each
     * followed by {@code answered} for its answer.
     */
    private List<String> timeline() {
        return databend.server().timeline().stream()
                .map(event -> {
                    Request request = event.request();
                    String what = request.isQueryStart() ? sql(request)
                            : request.uri().endsWith("/kill") ? "kill" : null;
                    return what == null || !event.answer() ? what : what + " answered";
                })
                .filter(Objects::nonNull)
                .toList();
    }

    /** Cancels {@code sql} once the server received its start, before it answered. */
    private void cancelWhileStarting(Connection connection, String sql) {
        Disposable starting = rows(connection, sql).subscribe();
        Await.until(() -> databend.server().starts().size() == 1);
        starting.dispose();
    }

    @Test
    void aStatementFiredWhileTheOneBeforeStreamsWaitsForItsEnd() {
        Connection connection = connect();
        List<Object> rows = Flux.merge(rows(connection, "SELECT 'two pages'"), rows(connection, "SELECT 'second'"))
                .collectList().block(TIMEOUT);
        assertThat(rows).containsExactly(1, 2, 3, "second");
        assertThat(journal()).containsExactly("SELECT 'two pages'", "page 1", "SELECT 'second'");
    }

    @Test
    void aQueuedStatementCancelledBeforeItsTurnSendsNothing() {
        Connection connection = connect();
        Flux<Object> first = rows(connection, "SELECT 'two pages'").cache();
        first.subscribe();
        Disposable cancelled = rows(connection, "SELECT 'cancelled'").subscribe();
        cancelled.dispose();
        assertThat(Flux.concat(first, rows(connection, "SELECT 'third'")).collectList().block(TIMEOUT))
                .containsExactly(1, 2, 3, "third");
        assertThat(journal()).containsExactly("SELECT 'two pages'", "page 1", "SELECT 'third'");
    }

    @Test
    void anErrorOfTheFirstDoesNotHoldTheSecond() {
        Connection connection = connect();
        List<String> outcomes = Flux.merge(
                        rows(connection, "SELECT 'bad'").map(String::valueOf)
                                .onErrorResume(R2dbcBadGrammarException.class,
                                        e -> Mono.just("failed " + e.getErrorCode())),
                        rows(connection, "SELECT 'good'").map(String::valueOf))
                .collectList().block(TIMEOUT);
        assertThat(outcomes).containsExactly("failed 1065", "good");
        assertThat(journal()).containsExactly("SELECT 'bad'", "SELECT 'good'");
    }

    @Test
    void aHundredStatementsFiredAtOnceRunInOrder() {
        Connection connection = connect();
        // all subscribed at once; flatMapSequential gives the rows in the order of the statements, whichever thread
        // each came on
        List<Object> rows = Flux.range(0, 100)
                .flatMapSequential(i -> rows(connection, "SELECT 'v" + i + "'"), 100)
                .collectList().block(TIMEOUT);
        List<String> expected = IntStream.range(0, 100).mapToObj(i -> "v" + i).toList();
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(journal()).containsExactlyElementsOf(expected.stream().map(v -> "SELECT '" + v + "'").toList());
    }

    @Test
    void anUploadAndARemovalFiredAtOnceTakeTurns() {
        Connection connection = connect();
        DatabendStages stages = DatabendStages.of(connection);
        List<String> done = Flux.merge(
                        stages.upload("@~/queued/a.csv", Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'})))
                                .thenReturn("uploaded"),
                        stages.remove("@~/queued/a.csv").thenReturn("removed"))
                .collectList().block(TIMEOUT);
        assertThat(done).containsExactly("uploaded", "removed");
        assertThat(journal()).containsExactly("upload", "REMOVE @~/queued/a.csv");
    }

    @Test
    void aLoadAndAStatementFiredAtOnceTakeTurns() {
        Connection connection = connect();
        List<Object> done = Flux.merge(
                        DatabendLoader.of(connection).loadRows("INSERT INTO t (n) VALUES (?)", Flux.just(List.of(1)))
                                .map(DatabendLoadResult::rows),
                        rows(connection, "SELECT 'after'"))
                .collectList().block(TIMEOUT);
        assertThat(done).containsExactly(1L, "after");
        assertThat(journal()).containsExactly("load", "SELECT 'after'");
    }

    @Test
    void outsideATransactionAResultNobodySubscribedToDoesNotHoldTheNextStatement() {
        Connection connection = connect();
        Result held = Flux.from(connection.createStatement("SELECT 'two pages'").execute()).blockLast(TIMEOUT);
        assertThat(rows(connection, "SELECT 'next'").collectList().block(TIMEOUT)).containsExactly("next");
        assertThat(Flux.from(held.map(row -> row.get(0))).collectList().block(TIMEOUT)).containsExactly(1, 2, 3);
        assertThat(journal()).containsExactly("SELECT 'two pages'", "SELECT 'next'", "page 1");
    }

    /**
     * The kill sent by the query id of a statement cancelled while its start is on its way may reach the server before
     * the query does: the next statement is sent only once the start was answered and the kill that follows it, by
     * the URI of that answer, was answered.
     */
    @Test
    void aStatementCancelledWhileItsStartIsOnItsWayHoldsTheNextUntilTheKillAfterItsAnswerWasAnswered() {
        Connection connection = connect();
        cancelWhileStarting(connection, "SELECT 'answered late'");
        assertThat(rows(connection, "SELECT 'next'").collectList().block(TIMEOUT)).containsExactly("next");
        List<String> timeline = timeline();
        assertThat(timeline).containsSubsequence("SELECT 'answered late'", "SELECT 'answered late' answered", "kill",
                "kill answered", "SELECT 'next'", "SELECT 'next' answered");
        assertThat(timeline).filteredOn("kill"::equals).hasSize(2);
        assertThat(timeline.lastIndexOf("kill answered")).isLessThan(timeline.indexOf("SELECT 'next'"));
    }

    /**
     * A query of a turn's own work (here the REMOVE of a stage call) cancelled after its first response, while its
     * page 1 is on its way, is killed: the next statement is sent only once that kill was answered.
     */
    @Test
    void aStageCallCancelledWhileItsPagesAreReadHoldsTheNextUntilItsKillWasAnswered() {
        Connection connection = connect();
        Disposable removing = DatabendStages.of(connection).remove(PAGED + "a.csv").subscribe();
        Await.until(() -> journal().contains("page 1"));
        removing.dispose();
        assertThat(rows(connection, "SELECT 'next'").collectList().block(TIMEOUT)).containsExactly("next");
        assertThat(timeline()).containsExactly("REMOVE " + PAGED + "a.csv", "REMOVE " + PAGED + "a.csv answered",
                "kill", "kill answered", "SELECT 'next'", "SELECT 'next' answered");
    }

    /**
     * A COMMIT cancelled after its first response, while its page 1 is on its way, is killed: the next statement is
     * sent only once that kill was answered.
     */
    @Test
    void aCommitCancelledWhileItsAnswerIsReadHoldsTheNextUntilItsKillWasAnswered() {
        Connection connection = connect();
        Mono.from(connection.beginTransaction()).block(TIMEOUT);
        Disposable committing = Mono.from(connection.commitTransaction()).subscribe();
        Await.until(() -> journal().contains("page 1"));
        committing.dispose();
        assertThat(rows(connection, "SELECT 'next'").collectList().block(TIMEOUT)).containsExactly("next");
        assertThat(timeline()).containsExactly("BEGIN", "BEGIN answered", "COMMIT", "COMMIT answered", "kill",
                "kill answered", "SELECT 'next'", "SELECT 'next' answered");
    }

    /** A start that is never answered holds the statements behind it only until its request timed out. */
    @Test
    void aCancelledStartThatIsNeverAnsweredHoldsTheNextOnlyUntilItsRequestTimedOut() {
        Connection connection = connect(options -> options.pageRequestTimeout(Duration.ofMillis(300)).waitTimeSecs(0));
        cancelWhileStarting(connection, "SELECT 'never answered'");
        assertThat(rows(connection, "SELECT 'next'").collectList().block(TIMEOUT)).containsExactly("next");
        assertThat(timeline()).containsExactly("SELECT 'never answered'", "kill", "kill answered", "SELECT 'next'",
                "SELECT 'next' answered");
    }
}
