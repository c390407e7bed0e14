package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A file's load: read in chunks, sent again when the connection fails before the whole file was sent, only then. */
class FileLoadTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SQL = "INSERT INTO t FROM @_databend_load FILE_FORMAT = (TYPE = CSV)";

    @RegisterExtension
    final ScriptedDatabendExtension databend = new ScriptedDatabendExtension();

    @TempDir
    Path directory;

    private Path csvFile(int rows) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            csv.append(i).append(",\"row ").append(i).append("\"\n");
        }
        Path file = directory.resolve("rows.csv");
        Files.writeString(file, csv);
        return file;
    }

    private static <T> T onConnection(DatabendConnectionFactory factory, java.util.function.Function<Connection,
            Mono<T>> work) {
        return Mono.usingWhen(factory.create(), work, Connection::close).block(TIMEOUT);
    }

    @Test
    void aConnectionLostInTheMiddleOfTheFileSendsTheWholeFileAgain() throws IOException {
        // far more than loopback's socket buffers hold: the cut comes before the driver handed over the whole file
        Path file = csvFile(800_000);
        AtomicInteger attempts = new AtomicInteger();
        List<String> bodies = new CopyOnWriteArrayList<>();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle((request, response) -> {
                    if (request.uri().startsWith("/v1/session/login")) {
                        return response.sendString(Mono.just(ScriptedDatabend.LOGIN_OK)).then();
                    }
                    if (attempts.incrementAndGet() == 1) {
                        // the first chunk arrives, then the connection is cut
                        return request.receive().next().flatMap(chunk -> {
                            request.withConnection(connection -> connection.channel().close());
                            return Mono.<Void>never();
                        });
                    }
                    return request.receive().aggregate().asString(StandardCharsets.UTF_8).flatMap(body -> {
                        bodies.add(body);
                        return response.sendString(Mono.just("{\"id\":\"q1\",\"stats\":{\"rows\":30000,"
                                + "\"bytes\":1}}")).then();
                    });
                })
                .bindNow();
        try {
            DatabendConnectionFactory factory = new DatabendConnectionFactory(DatabendConnectionConfiguration
                    .builder().host("127.0.0.1").port(server.port()).retryCount(2).build());
            List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();

            DatabendLoadResult result = onConnection(factory, c -> DatabendLoader.of(c).loadFile(SQL, file,
                    progress::add));

            assertThat(result).isEqualTo(new DatabendLoadResult("q1", 30_000, 1));
            assertThat(attempts.get()).isEqualTo(2);
            assertThat(bodies.get(0)).contains("filename=\"rows.csv\"")
                    .contains(Files.readString(file, StandardCharsets.UTF_8));
            assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(Files.size(file));
            factory.close();
        } finally {
            server.disposeNow();
        }
    }

    @Test
    void aConnectionLostAfterTheWholeFileWasSentIsNotRetried() throws IOException {
        Path file = csvFile(10);
        ScriptedDatabend server = databend.start(request -> request.is("POST", "/v1/session/login")
                ? Reply.ok(ScriptedDatabend.LOGIN_OK) : Reply.drop());

        assertThatThrownBy(() -> onConnection(databend.factory(), c -> DatabendLoader.of(c).loadFile(SQL, file)))
                .isInstanceOf(R2dbcTransientResourceException.class);
        assertThat(server.count("PUT", "/v1/streaming_load")).isEqualTo(1);
    }

    @Test
    void aLoadOfBytesIsNeverSentAgain() {
        ScriptedDatabend server = databend.start(request -> request.is("POST", "/v1/session/login")
                ? Reply.ok(ScriptedDatabend.LOGIN_OK) : Reply.drop());

        assertThatThrownBy(() -> onConnection(databend.factory(), c -> DatabendLoader.of(c).loadBytes(SQL,
                Flux.just(java.nio.ByteBuffer.wrap("1,\"a\"\n".getBytes(StandardCharsets.UTF_8))))))
                .isInstanceOf(R2dbcTransientResourceException.class);
        assertThat(server.count("PUT", "/v1/streaming_load")).isEqualTo(1);
    }
}
