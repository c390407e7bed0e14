package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.util.LoggerUtils;
import reactor.test.util.TestLogger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Connections with {@code sessionToken=true} (docs/protocol.md §2.7, §7): the login asks for tokens, requests carry
 * the session token, which is refreshed before it runs out and after a 401 5101 or 5103 (then the request is sent once
 * more), and the logout drops it. Embedded server only: the tests expire and forget tokens on the server and shorten
 * their lifetime, which a real Databend does not let a client do.
 */
class SessionTokenIntegrationTests {

    private static DatabendTestServer server;

    /** Session tokens of one second, refresh tokens of a minute. */
    private static DatabendTestServer shortLived;

    @BeforeAll
    static void start() {
        server = DatabendTestServer.builder().port(0).start();
        shortLived = DatabendTestServer.builder().port(0).sessionTokenTtlSecs(1).refreshTokenTtlSecs(60).start();
    }

    @AfterAll
    static void stop() {
        server.close();
        shortLived.close();
    }

    /** The one value of a one-row, one-column result, as a long. */
    static long single(Connection connection, String sql) {
        return Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class)))
                .single()
                .block(TIMEOUT);
    }

    private static DatabendConnectionFactory tokens(DatabendTestServer target) {
        return Sql.tenRowPages(target, options -> options.sessionToken(true).prefetch(false));
    }

    @Test
    void requestsCarryTheSessionTokenOfTheLoginAndTheLogoutDropsIt() {
        long issued = server.sessionTokens().issuedCount();
        int before = server.authentications().recent().size();
        Connection connection = Sql.connect(tokens(server));
        int live = server.sessionTokens().sessionTokenCount();
        assertThat(single(connection, "SELECT 7")).isEqualTo(7L);
        Sql.close(connection);

        assertThat(server.sessionTokens().issuedCount()).isEqualTo(issued + 1);
        assertThat(server.sessionTokens().sessionTokenCount()).isEqualTo(live - 1);
        List<String> recent = server.authentications().recent();
        // finals go out in the background, some of them from earlier tests
        assertThat(recent.subList(before, recent.size())).filteredOn(line -> !line.contains("/final"))
                .startsWith("POST /v1/session/login BASIC", "POST /v1/query SESSION_TOKEN")
                .endsWith("POST /v1/session/logout SESSION_TOKEN")
                .allMatch(line -> line.endsWith("SESSION_TOKEN") || line.startsWith("POST /v1/session/login"));
    }

    /** 5101: every session token expired; 5103: every session token forgotten, as after a restart. */
    @ParameterizedTest
    @ValueSource(ints = {5101, 5103})
    void aRefusedSessionTokenIsRefreshedOnceAndTheRequestSentAgain(int code) {
        Connection connection = Sql.connect(tokens(server));
        try {
            long refreshes = server.sessionTokens().refreshCount();
            long refused = server.authentications().refusedCount(code);
            if (code == 5101) {
                server.sessionTokens().expireSessionTokens();
            } else {
                server.sessionTokens().forgetSessionTokens();
            }

            assertThat(single(connection, "SELECT 1")).isEqualTo(1L);
            assertThat(server.sessionTokens().refreshCount()).isEqualTo(refreshes + 1);
            assertThat(server.authentications().refusedCount(code)).isEqualTo(refused + 1);
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void anExpiredRefreshTokenFailsWithItsCodeAndNoToken() {
        Connection connection = Sql.connect(tokens(server));
        try {
            server.sessionTokens().expireSessionTokens();
            server.sessionTokens().expireRefreshTokens();

            R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
                    () -> single(connection, "SELECT 3"));
            assertThat(failure.getErrorCode()).isEqualTo(5102);
            assertThat(failure.getSqlState()).isEqualTo("28000");
            assertThat(failure.getMessage()).contains("refresh token has expired").doesNotContain("bend-v1");
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void aTokenExpiredWhileAResultStreamsIsRefreshedWithoutTheSubscriberNoticing() {
        Connection connection = Sql.connect(tokens(server));
        try {
            long refreshes = server.sessionTokens().refreshCount();
            long expired = server.authentications().refusedCount(5101);
            AtomicInteger seen = new AtomicInteger();
            List<Long> rows = Flux.from(connection.createStatement("SELECT number FROM numbers(50)").execute())
                    .concatMap(result -> result.map(row -> row.get(0, Long.class)))
                    .doOnNext(row -> {
                        if (seen.incrementAndGet() == 15) {
                            server.sessionTokens().expireSessionTokens();
                        }
                    })
                    .collectList()
                    .block(TIMEOUT);

            assertThat(rows).containsExactlyElementsOf(LongStream.range(0, 50).boxed().toList());
            assertThat(server.sessionTokens().refreshCount()).isEqualTo(refreshes + 1);
            assertThat(server.authentications().refusedCount(5101)).isEqualTo(expired + 1);
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void aResultReadSlowerThanTheTokenLivesGetsEveryRowWithTokensRefreshedBeforeTheyRunOut() {
        Connection connection = Sql.connect(Sql.tenRowPages(shortLived,
                options -> options.sessionToken(true).prefetch(false).maxRowsPerPage(2)));
        try {
            long refreshes = shortLived.sessionTokens().refreshCount();
            // 12 rows at 200 ms each: the one-second token runs out about twice while the result is read
            List<Long> rows = Flux.from(connection.createStatement("SELECT number FROM numbers(12)").execute())
                    .concatMap(result -> result.map(row -> row.get(0, Long.class)))
                    .delayElements(Duration.ofMillis(200))
                    .collectList()
                    .block(TIMEOUT);

            assertThat(rows).containsExactlyElementsOf(LongStream.range(0, 12).boxed().toList());
            assertThat(shortLived.sessionTokens().refreshCount()).isGreaterThanOrEqualTo(refreshes + 2);
            assertThat(shortLived.authentications().refusedCount(5101)).isZero();
        } finally {
            Sql.close(connection);
        }
    }

    @Test
    void aStreamingLoadPastHalfTheTokensLifeRefreshesBeforeItsBodyIsSent() {
        DatabendTestServer halfLife = DatabendTestServer.builder().port(0).sessionTokenTtlSecs(2).start();
        try {
            Connection connection = Sql.connect(Sql.tenRowPages(halfLife, options -> options.sessionToken(true)));
            try {
                String table = Sql.unique("token_load");
                Sql.exec(connection, "CREATE TABLE " + table + " (id INT, name VARCHAR)");
                long refreshes = halfLife.sessionTokens().refreshCount();
                int before = halfLife.authentications().recent().size();
                // a load's body cannot be sent twice, so past half of the two seconds the token is renewed first
                Mono.delay(Duration.ofMillis(1100)).block(TIMEOUT);
                DatabendLoadResult loaded = DatabendLoader.of(connection).loadRows(
                                "INSERT INTO " + table + " (id, name) VALUES (?, ?)",
                                Flux.just(new Object[] {1, "a"}, new Object[] {2, "b"}))
                        .block(TIMEOUT);

                assertThat(loaded.rows()).isEqualTo(2);
                assertThat(halfLife.sessionTokens().refreshCount()).isEqualTo(refreshes + 1);
                assertThat(halfLife.authentications().refusedCount(5101)).isZero();
                List<String> recent = halfLife.authentications().recent();
                assertThat(recent.subList(before, recent.size())).contains("PUT /v1/streaming_load SESSION_TOKEN");
                assertThat(single(connection, "SELECT count(*) FROM " + table)).isEqualTo(2L);
            } finally {
                Sql.close(connection);
            }
        } finally {
            halfLife.close();
        }
    }

    @Test
    void noTokenAppearsInTheRequestLog() {
        Disposable loggers = LoggerUtils.useCurrentLoggersWithCapture();
        TestLogger log = new TestLogger(false);
        LoggerUtils.enableCaptureWith(log);
        try {
            Connection connection = Sql.connect(tokens(server));
            try {
                server.sessionTokens().expireSessionTokens();
                assertThat(single(connection, "SELECT 4")).isEqualTo(4L);
            } finally {
                Sql.close(connection);
            }
            // a request's line is written once its answer has been handed on
            Await.until("the logout's log line", Duration.ofSeconds(5),
                    () -> log.getOutContent().contains("POST /v1/session/logout"));
        } finally {
            LoggerUtils.disableCapture();
            loggers.dispose();
        }
        String captured = log.getOutContent() + log.getErrContent();
        assertThat(captured).contains("POST /v1/session/login 200", "POST /v1/query 401",
                "POST /v1/session/refresh 200", "POST /v1/session/logout 200");
        assertThat(captured).doesNotContain("bend-v1").doesNotContain("Bearer")
                .doesNotContainIgnoringCase("authorization");
    }
}
