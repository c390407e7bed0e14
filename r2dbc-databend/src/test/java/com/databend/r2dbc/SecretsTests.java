package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Credentials reach the server as headers and nowhere else: no exception message, no toString. */
class SecretsTests {

    private static final String PASSWORD = "pw-S3cret!";
    private static final String TOKEN = "tok-XYZ-secret";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private ScriptedDatabend server;

    /** Accepts {@code expectedAuthorization} only; queries fail with an error naming the query. */
    private static Reply script(Request request, String expectedAuthorization) {
        if (!expectedAuthorization.equals(request.header("Authorization"))) {
            return new Reply(401, "{\"error\":{\"code\":5100,\"message\":\"Authentication failed\"}}");
        }
        if (request.is("POST", "/v1/session/login")) {
            return Reply.ok(ScriptedDatabend.LOGIN_OK);
        }
        if (request.isQueryStart()) {
            return Reply.ok(ScriptedDatabend.errorPage(request.header("X-DATABEND-QUERY-ID"), 1025,
                    "Unknown table t"));
        }
        return Reply.ok("{}");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private DatabendConnectionFactory factory(DatabendConnectionConfiguration.Builder builder) {
        return databend.closeAfterwards(new DatabendConnectionFactory(builder.host("127.0.0.1")
                .port(server.port()).retryCount(0).build()));
    }

    private static void assertNoSecret(Object... things) {
        for (Object thing : things) {
            Throwable error = thing instanceof Throwable t ? t : null;
            String text = String.valueOf(thing);
            assertThat(text).doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain("Basic ");
            while (error != null) {
                assertThat(String.valueOf(error.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN);
                assertThat(error.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
                error = error.getCause();
            }
        }
    }

    private static Throwable failure(Mono<?> mono) {
        return catchThrowable(() -> mono.block(Duration.ofSeconds(10)));
    }

    /** On a connection of {@code good} a query fails naming its query id; nothing involved shows a secret. */
    private static void queryFailsShowingNoSecret(DatabendConnectionFactory good) {
        Connection connection = good.create().block(Duration.ofSeconds(10));
        Throwable queryError = failure(Flux.from(connection.createStatement("SELECT * FROM t").execute())
                .concatMap(r -> r.map(row -> row.get(0))).then());
        assertThat(queryError).isInstanceOf(R2dbcBadGrammarException.class)
                .hasMessageMatching("\\[1025] Unknown table t \\[query id [0-9a-f]{32}]");
        assertNoSecret(good.configuration(), good, connection, queryError);
        Mono.from(connection.close()).block(Duration.ofSeconds(5));
    }

    /** Connecting with {@code wrong} is denied; neither it nor the error shows a secret. */
    private static void isDeniedShowingNoSecret(DatabendConnectionFactory wrong) {
        Throwable denied = failure(wrong.create());
        assertThat(denied).isInstanceOf(R2dbcPermissionDeniedException.class);
        assertNoSecret(wrong, denied);
    }

    @Test
    void passwordIsSentAsBasicAuthAndNeverShown() {
        server = databend.start(request -> script(request, basic("u1", PASSWORD)));
        DatabendConnectionFactory good = factory(DatabendConnectionConfiguration.builder().user("u1")
                .password(PASSWORD).trustStorePassword(PASSWORD));
        queryFailsShowingNoSecret(good);

        isDeniedShowingNoSecret(factory(DatabendConnectionConfiguration.builder().user("u1")
                .password(PASSWORD + "x")));
    }

    @Test
    void accessTokenIsSentAsBearerAndNeverShown() {
        server = databend.start(request -> script(request, "Bearer " + TOKEN));
        DatabendConnectionFactory good = factory(DatabendConnectionConfiguration.builder().password(PASSWORD)
                .accessToken(TOKEN));
        queryFailsShowingNoSecret(good);
        assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));

        isDeniedShowingNoSecret(factory(DatabendConnectionConfiguration.builder().accessToken(TOKEN + "x")));
    }

    @Test
    void percentEncodedPasswordOfTheUrlIsSentDecoded() {
        server = databend.start(request -> script(request, basic("us@er", "p@ss:w/d %")));
        DatabendConnectionFactory factory = databend.closeAfterwards((DatabendConnectionFactory)
                ConnectionFactories.get("r2dbc:databend://us%40er:p%40ss%3Aw%2Fd%20%25@127.0.0.1:" + server.port()
                        + "/db?retryCount=0"));
        Connection connection = factory.create().block(Duration.ofSeconds(10));
        assertThat(server.requests()).extracting(r -> r.header("Authorization"))
                .containsOnly(basic("us@er", "p@ss:w/d %"));
        Mono.from(connection.close()).block(Duration.ofSeconds(5));
    }

    @Test
    void deadServerAndBadOptionsShowNoSecret() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DatabendConnectionFactory dead = databend.closeAfterwards(new DatabendConnectionFactory(
                DatabendConnectionConfiguration.builder().host("127.0.0.1").port(port).password(PASSWORD)
                        .accessToken(TOKEN).retryCount(0).build()));
        Throwable refused = failure(dead.create());
        assertThat(refused).isInstanceOf(R2dbcTransientResourceException.class)
                .hasCauseInstanceOf(java.net.ConnectException.class);
        assertNoSecret(dead, refused);
        Throwable badOption = catchThrowable(() -> ConnectionFactories.get("r2dbc:databend://u:" + PASSWORD
                + "@h/db?accessToken=" + TOKEN + "&waitTimeSecs=soon"));
        assertThat(badOption).hasMessageContaining("waitTimeSecs");
        assertNoSecret(badOption);
    }
}
