package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A request refused with 5101 is repeated once after one refresh, never more, even when the server refuses again. */
class SessionTokenRepeatTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    private static String tokens(int n) {
        return "\"tokens\":{\"session_token_ttl_in_secs\":3600,\"session_token\":\"bend-v1-s-" + n
                + "\",\"refresh_token\":\"bend-v1-r-" + n + "\"}";
    }

    @Test
    void aRequestRefusedAgainAfterTheRefreshFailsWithTheSecondRefusal() {
        AtomicInteger refreshes = new AtomicInteger();
        AtomicInteger starts = new AtomicInteger();
        ScriptedDatabend server = databend.start(request -> {
            if (request.is("POST", "/v1/session/login")) {
                return Reply.ok("{\"version\":\"1.2.934-nightly\",\"session_id\":\"s1\"," + tokens(0) + "}");
            }
            if (request.is("POST", "/v1/session/refresh")) {
                int n = refreshes.incrementAndGet();
                return Reply.ok("{" + tokens(n) + "}");
            }
            if (request.isQueryStart()) {
                starts.incrementAndGet();
                return new Reply(401, "{\"error\":{\"code\":5101,\"message\":\"Authentication failed: session token "
                        + "has expired\"}}");
            }
            return Reply.ok("{\"error\":null}");
        });
        DatabendConnectionFactory factory = databend.closeAfterwards(new DatabendConnectionFactory(
                DatabendConnectionConfiguration.builder().host("127.0.0.1").port(server.port()).sessionToken(true)
                        .build()));
        Connection connection = factory.create().block(TIMEOUT);

        R2dbcPermissionDeniedException failure = catchThrowableOfType(R2dbcPermissionDeniedException.class,
                () -> Flux.from(connection.createStatement("SELECT 1").execute()).flatMap(r -> r.getRowsUpdated())
                        .blockLast(TIMEOUT));

        assertThat(failure.getErrorCode()).isEqualTo(5101);
        assertThat(failure.getMessage()).doesNotContain("bend-v1");
        assertThat(starts).hasValue(2);
        assertThat(refreshes).hasValue(1);
        assertThat(server.requests()).filteredOn(r -> r.isQueryStart()).extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer bend-v1-s-0", "Bearer bend-v1-s-1");
        assertThat(server.requests()).filteredOn(r -> r.is("POST", "/v1/session/refresh"))
                .singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer bend-v1-r-0"));
        Mono.from(connection.close()).block(TIMEOUT);
        assertThat(server.requests()).last().satisfies(r -> {
            assertThat(r.is("POST", "/v1/session/logout")).isTrue();
            assertThat(r.header("Authorization")).isEqualTo("Bearer bend-v1-s-1");
        });
    }
}
