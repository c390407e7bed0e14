package com.databend.r2dbc.tck;

import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.server.QueryObservations;
import io.r2dbc.spi.Result;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "These queries are closed on the server", checked query by query: finalized or killed by the client, not left
 * to time out. On the embedded server its journal tells how each query ended. On a real Databend the query's state
 * URI {@code GET /v1/query/{id}} does: current servers answer it for a closed query as they answer its pages
 * (docs/protocol.md §4.3), 400 with the reason it was closed, and 404 once they forgot the query; an open one
 * answers 200.
 */
public final class ClosedQueries {

    /** Far below the server's 60 s result timeout, so only the driver's final or kill can have closed a query. */
    public static final Duration RELEASE_LIMIT = Duration.ofSeconds(5);

    private static final Pattern QUERY_ID_IN_MESSAGE = Pattern.compile("query id ([0-9a-zA-Z-]+)");

    private static final Pattern EXPECTED_CLIENT_SESSION = Pattern.compile("expected Some\\(\\\\?\"([^\"\\\\]+)");

    /** What the server tells of one query. */
    public enum Ending {
        OPEN, FINALIZED, KILLED, TIMED_OUT,
        /** Closed so long ago that a real Databend no longer remembers why (404). */
        FORGOTTEN;

        boolean releasedByClient() {
            return this == FINALIZED || this == KILLED || this == FORGOTTEN;
        }
    }

    private final Function<String, Ending> probe;

    private ClosedQueries(Function<String, Ending> probe) {
        this.probe = probe;
    }

    /** For the queries of {@link TestDatabend}'s target: the embedded server's journal, or a real Databend's answers. */
    public static ClosedQueries onTarget() {
        DatabendTarget target = TestDatabend.target();
        return target.isEmbedded() ? on(target.server().queries())
            : new ClosedQueries(new StateUri(target.httpUrl(), target.user(), target.password())::ending);
    }

    /** For the queries of an embedded server. */
    public static ClosedQueries on(QueryObservations observations) {
        return new ClosedQueries(id -> observations.ending(id)
            .map(ending -> switch (ending.reason()) {
                case FINALIZED -> Ending.FINALIZED;
                case CANCELED -> Ending.KILLED;
                case TIMED_OUT -> Ending.TIMED_OUT;
            })
            .orElse(Ending.OPEN));
    }

    /** The id of the query behind a result of this driver. */
    public static String queryId(Result result) {
        return ((DatabendResultInfo) result).queryId();
    }

    /** The query id that an error of this driver names ({@code ... query id <id> ...}). */
    public static String queryId(Throwable error) {
        Matcher id = QUERY_ID_IN_MESSAGE.matcher(String.valueOf(error.getMessage()));
        assertThat(id.find()).as("the error names its query: %s", error.getMessage()).isTrue();
        return id.group(1);
    }

    /** How the server says the query ended, as of now. */
    public Ending ending(String queryId) {
        return this.probe.apply(queryId);
    }

    /**
     * Waits up to {@link #RELEASE_LIMIT} until every one of {@code queryIds} is closed, then asserts that each was
     * finalized or killed; fails at once for one that timed out.
     */
    public void assertClosed(String what, Collection<String> queryIds) throws InterruptedException {
        assertClosed(what, queryIds, RELEASE_LIMIT);
    }

    /** {@link #assertClosed(String, Collection)} with another limit. */
    public void assertClosed(String what, Collection<String> queryIds, Duration limit) throws InterruptedException {
        assertThat(queryIds).as("query ids of: " + what).isNotEmpty().doesNotContainNull();
        Map<String, Ending> endings = new LinkedHashMap<>();
        Set<String> open = new LinkedHashSet<>(queryIds);
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            for (var it = open.iterator(); it.hasNext(); ) {
                String id = it.next();
                Ending ending = ending(id);
                endings.put(id, ending);
                if (ending != Ending.OPEN) {
                    it.remove();
                }
            }
            if (open.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(20);
        }
        Map<String, Ending> notReleased = new LinkedHashMap<>();
        endings.forEach((id, ending) -> {
            if (!ending.releasedByClient()) {
                notReleased.put(id, ending);
            }
        });
        assertThat(notReleased).as("queries of %s not finalized or killed within %s", what, limit)
            .isEmpty();
    }

    /** A real Databend's {@code GET /v1/query/{id}}, which answers without waiting and does not consume a page. */
    private static final class StateUri {

        private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).build();

        private final URI base;

        private final String authorization;

        StateUri(URI base, String user, String password) {
            this.base = base;
            this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        Ending ending(String queryId) {
            HttpResponse<String> response = get(queryId, null);
            if (response.statusCode() == 401) {
                // the driver polls in a client session (a cookie); the server checks it before it says the query
                // is closed, and its refusal names the session it expected
                Matcher session = EXPECTED_CLIENT_SESSION.matcher(response.body());
                if (session.find()) {
                    response = get(queryId, "cookie_enabled=true; session_id=" + session.group(1));
                }
            }
            String body = response.body().toLowerCase(Locale.ROOT);
            return switch (response.statusCode()) {
                case 200 -> Ending.OPEN;
                case 404 -> Ending.FORGOTTEN;
                case 400 -> body.contains("timeout") || body.contains("timed out") ? Ending.TIMED_OUT
                    : body.contains("cancel") || body.contains("kill") ? Ending.KILLED : Ending.FINALIZED;
                default -> throw new AssertionError("state of query " + queryId + ": HTTP " + response.statusCode()
                    + " " + response.body());
            };
        }

        private HttpResponse<String> get(String queryId, String cookie) {
            HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve("/v1/query/" + queryId))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", this.authorization)
                .GET();
            if (cookie != null) {
                request.header("Cookie", cookie);
            }
            try {
                return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new AssertionError("state of query " + queryId + " could not be read", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while reading the state of query " + queryId, e);
            }
        }
    }
}
