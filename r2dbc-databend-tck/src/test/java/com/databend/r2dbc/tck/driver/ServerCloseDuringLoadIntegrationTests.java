package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import com.databend.r2dbc.testsupport.Await;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.R2dbcException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded server's close ends the work still running on its worker threads: a streaming load whose body is
 * still arriving is ended, so the close does not wait for a body that never comes.
 */
class ServerCloseDuringLoadIntegrationTests {

    @Test
    void closingTheServerWhileALoadIsStillSendingEndsTheLoadWithATypedError() throws Exception {
        DatabendTestServer server = DatabendTestServer.builder().port(0).start();
        URI url = URI.create(server.baseUrl());
        Connection connection = connect(ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":"
                + url.getPort() + "/default"));
        exec(connection, "CREATE TABLE pairs (id INT, name VARCHAR NULL)");
        long startedBefore = server.queries().startedCount();
        Sinks.One<DatabendLoadProgress> firstChunkSent = Sinks.one();
        // some rows, then a body that never ends
        Flux<Object[]> endless = Flux.range(0, 1_000).<Object[]>map(i -> new Object[] {i, "x"})
                .concatWith(Flux.never());
        CompletableFuture<DatabendLoadResult> load = DatabendLoader.of(connection)
                .loadRows("INSERT INTO pairs VALUES (?, ?)", endless, firstChunkSent::tryEmitValue)
                .toFuture();
        firstChunkSent.asMono().block(Sql.TIMEOUT);
        // the server's INSERT reads the body as it arrives
        Await.until(() -> server.queries().startedCount() > startedBefore);

        assertThatCode(server::close).doesNotThrowAnyException();
        assertThatThrownBy(() -> load.get(Sql.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(R2dbcException.class)
                .hasMessageContaining("[query id ");
    }
}
