package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.DatabendConnectionConfiguration;
import com.databend.r2dbc.DatabendConnectionFactory;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.ClosedQueries;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.util.LoggerUtils;
import reactor.test.util.TestLogger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.databend.r2dbc.tck.driver.Sql.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The driver's DEBUG log of HTTP requests (logger {@code com.databend.r2dbc.http}), captured through Reactor's
 * {@code Loggers}: one line per request the embedded server received, with its method, path, status, time and query
 * id, and no password, token or {@code Authorization} header in any line.
 */
class HttpRequestLoggingIntegrationTests {

    private static final String USER = "logged";
    private static final String PASSWORD = "pw-4f1c9e-never-logged";
    private static final String TOKEN = "token-77d2b0-never-logged";

    /** {@code [DEBUG] POST /v1/query 200 3 ms query 0af2...}. */
    private static final Pattern LINE = Pattern.compile(
            "\\[DEBUG] (GET|POST|PUT) (/\\S*) (\\d{3}|cancelled|failed \\(\\w+\\)) (\\d+) ms query (\\S+)");

    private static DatabendTestServer server;

    @BeforeAll
    static void start() {
        server = DatabendTestServer.builder().port(0).user(USER, PASSWORD).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static DatabendConnectionFactory factory(DatabendConnectionConfiguration.Builder credentials) {
        URI url = URI.create(server.baseUrl());
        return new DatabendConnectionFactory(credentials.host(url.getHost()).port(url.getPort()).database("default")
                .maxRowsPerPage(10).build());
    }

    @Test
    void everyRequestIsOneDebugLineWithItsFieldsAndNoSecret() {
        Disposable loggers = LoggerUtils.useCurrentLoggersWithCapture();
        TestLogger log = new TestLogger(false);
        LoggerUtils.enableCaptureWith(log);
        List<String> received;
        String pagedQuery;
        String failedQuery;
        String loadQuery;
        try {
            int before = server.queries().recentRequests().size();
            DatabendConnectionFactory withPassword = factory(DatabendConnectionConfiguration.builder()
                    .user(USER).password(PASSWORD));
            Connection connection = Sql.connect(withPassword);
            try {
                Result result = Flux.from(connection.createStatement("SELECT number FROM numbers(35)").execute())
                        .blockFirst(TIMEOUT);
                pagedQuery = ((DatabendResultInfo) result).queryId();
                assertThat(Flux.from(result.map(row -> row.get(0, Long.class))).count().block(TIMEOUT))
                        .isEqualTo(35L);

                R2dbcBadGrammarException failure = catchThrowableOfType(R2dbcBadGrammarException.class,
                        () -> Sql.rows(connection, "SELECT no_such_column FROM numbers(1)"));
                failedQuery = ClosedQueries.queryId(failure);

                Sql.exec(connection, "CREATE OR REPLACE TABLE logged_load (id INT, name VARCHAR)");
                DatabendLoadResult loaded = DatabendLoader.of(connection).loadRows(
                                "INSERT INTO logged_load (id, name) VALUES (?, ?)",
                                Flux.just(new Object[] {1, "a"}, new Object[] {2, "b"}))
                        .block(TIMEOUT);
                assertThat(loaded.rows()).isEqualTo(2);
                loadQuery = loaded.queryId();
                Sql.exec(connection, "DROP TABLE logged_load");
            } finally {
                Sql.close(connection);
            }

            DatabendConnectionFactory withToken = factory(DatabendConnectionConfiguration.builder()
                    .accessToken(TOKEN));
            // the embedded server accepts no token it was not granted: the login is refused with 401
            catchThrowableOfType(R2dbcPermissionDeniedException.class,
                    () -> Mono.from(withToken.create()).block(TIMEOUT));

            // finals go out in the background: wait until the log has a line for each request received
            Await.until("a log line per request", Duration.ofSeconds(5),
                    () -> lines(log).size() >= server.queries().recentRequests().size() - before);
            List<String> all = server.queries().recentRequests();
            received = all.subList(before, all.size());
        } finally {
            LoggerUtils.disableCapture();
            loggers.dispose();
        }

        List<Matcher> lines = lines(log);
        assertThat(lines.stream().map(line -> line.group(1) + " " + line.group(2)).sorted().toList())
                .as("one line per request the server received").isEqualTo(received.stream().sorted().toList());
        assertThat(lines).extracting(line -> line.group(2))
                .contains("/v1/session/login", "/v1/query", "/v1/streaming_load",
                        "/v1/query/" + pagedQuery + "/page/1", "/v1/query/" + pagedQuery + "/page/3");
        assertThat(lines).filteredOn(line -> line.group(2).equals("/v1/query/" + pagedQuery + "/page/1"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.group(1)).isEqualTo("GET");
                    assertThat(line.group(3)).isEqualTo("200");
                    assertThat(line.group(5)).isEqualTo(pagedQuery);
                });
        assertThat(lines).filteredOn(line -> line.group(5).equals(failedQuery)).isNotEmpty();
        assertThat(lines).filteredOn(line -> line.group(2).equals("/v1/streaming_load"))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.group(1)).isEqualTo("PUT");
                    assertThat(line.group(3)).isEqualTo("200");
                    assertThat(line.group(5)).isEqualTo(loadQuery);
                });
        assertThat(lines).filteredOn(line -> line.group(2).equals("/v1/session/login"))
                .extracting(line -> line.group(3)).containsExactlyInAnyOrder("200", "401");

        String captured = log.getOutContent() + log.getErrContent();
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(captured).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(basic)
                .doesNotContainIgnoringCase("authorization").doesNotContain("Bearer");
    }

    private static List<Matcher> lines(TestLogger log) {
        List<Matcher> lines = new ArrayList<>();
        for (String text : log.getOutContent().split("\n")) {
            Matcher line = LINE.matcher(text.strip());
            if (line.matches()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
