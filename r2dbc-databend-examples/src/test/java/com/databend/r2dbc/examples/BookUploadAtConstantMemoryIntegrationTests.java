package com.databend.r2dbc.examples;

import com.databend.r2dbc.tck.DatabendTarget;
import com.databend.r2dbc.tck.server.DatabendTestServerMain;
import com.databend.r2dbc.testsupport.LeakGatedMain;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux application, in a JVM of its own with a 64 MB heap, streams an upload several times the size of its
 * heap into Databend: the body is generated as it is sent and never held whole, the application answers with every
 * row written and is still running afterwards. It runs under the leak gate, so a request buffer it did not release
 * fails the test. The embedded server runs in a third JVM, so that neither the test JVM's paranoid leak detection
 * nor the test's work weighs on it. The size is the system property {@code bookstore.upload.megabytes}
 * (300 by default, nearly five times the heap; the test takes 20 to 30 s on two cores).
 */
class BookUploadAtConstantMemoryIntegrationTests {

    private static final String HEAP = "-Xmx64m";

    private static final long MEGABYTES = Long.getLong("bookstore.upload.megabytes", 300);

    /** {@code 0000000042,"title 0000000042"} and a newline: every row has the same length. */
    private static final int ROW_LENGTH = 30;

    private static final int ROWS_PER_CHUNK = 2_048;

    private static final Duration START = Duration.ofSeconds(60);

    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws Exception {
        for (Child child : this.children) {
            child.stop();
        }
    }

    @Test
    void anUploadSeveralTimesTheHeapIsStreamedIntoTheTable() throws Exception {
        Child server = start("server", List.of(DatabendTestServerMain.class.getName(), "--port", "0"), Map.of(),
            "http://");
        DatabendTarget target = DatabendTarget.of(server.announcement());
        ConnectionFactory factory = ConnectionFactories.get(target.r2dbcUrl("default"));
        run(factory, "CREATE TABLE upload_constant_memory (id BIGINT, title VARCHAR)").block(START);
        Child application = start("application", List.of(HEAP, "-XX:+ExitOnOutOfMemoryError",
                "-Dio.netty.leakDetectionLevel=paranoid", LeakGatedMain.class.getName(), BookstoreWeb.class.getName(),
                "--server.port=0"),
            Map.of(DatabendTarget.ENVIRONMENT_VARIABLE, target.httpUrl().toString()), BookstoreWeb.LISTENING);
        String url = application.announcement().substring(BookstoreWeb.LISTENING.length()).split(" ")[0];
        long rows = MEGABYTES * 1024 * 1024 / ROW_LENGTH;

        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(url + "/books/upload?table=upload_constant_memory"))
                .header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.fromPublisher(JdkFlowAdapter.publisherToFlowPublisher(csv(rows))))
                .build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"rows\":" + rows + ",");
        assertThat(query(factory, "SELECT count(*) FROM upload_constant_memory")).isEqualTo(rows);
        assertThat(query(factory, "SELECT sum(id) FROM upload_constant_memory")).isEqualTo(rows * (rows - 1) / 2);
        assertThat(application.isAlive()).as("the application is still running").isTrue();
        assertThat(application.output()).noneMatch(line -> line.contains("OutOfMemoryError"));
        application.stop();
        // the gate's shutdown hook runs beside Spring's, so its verdict need not be the last line
        assertThat(application.output()).contains(LeakGatedMain.verdict(0));
    }

    /** {@code rows} CSV rows with ids 0 to rows - 1, made a chunk at a time as the request asks for them. */
    private static Flux<ByteBuffer> csv(long rows) {
        byte[] title = ",\"title ".getBytes(StandardCharsets.US_ASCII);
        return Flux.generate(() -> 0L, (next, sink) -> {
            long end = Math.min(rows, next + ROWS_PER_CHUNK);
            byte[] chunk = new byte[(int) (end - next) * ROW_LENGTH];
            int at = 0;
            for (long id = next; id < end; id++) {
                at = tenDigits(chunk, at, id);
                System.arraycopy(title, 0, chunk, at, title.length);
                at = tenDigits(chunk, at + title.length, id);
                chunk[at++] = '"';
                chunk[at++] = '\n';
            }
            sink.next(ByteBuffer.wrap(chunk));
            if (end == rows) {
                sink.complete();
            }
            return end;
        });
    }

    /** Writes {@code value} as ten decimal digits, zero-padded, and returns the position after them. */
    private static int tenDigits(byte[] to, int at, long value) {
        long rest = value;
        for (int i = at + 9; i >= at; i--) {
            to[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return at + 10;
    }

    /**
     * A JVM running {@code arguments} on this test's class path; its output is kept, and the first line that
     * starts with {@code announcement} is its {@link Child#announcement()}.
     */
    private Child start(String name, List<String> arguments, Map<String, String> environment, String announcement)
        throws IOException {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path")));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Child child = new Child(name, builder.start());
        this.children.add(child);
        Thread reader = new Thread(() -> child.read(announcement), name + "-output");
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    private static Mono<Void> run(ConnectionFactory factory, String sql) {
        return Mono.usingWhen(factory.create(),
            connection -> Flux.from(connection.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then(),
            Connection::close);
    }

    private static Long query(ConnectionFactory factory, String sql) {
        return Mono.usingWhen(factory.create(),
            connection -> Flux.from(connection.createStatement(sql).execute())
                .concatMap(result -> result.map((row, metadata) -> row.get(0, Long.class))).single(),
            Connection::close).block(START);
    }

    private static final class Child {

        private final String name;

        private final Process process;

        private final CompletableFuture<String> announced = new CompletableFuture<>();

        private final CompletableFuture<Void> outputEnded = new CompletableFuture<>();

        private final List<String> output = new CopyOnWriteArrayList<>();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        /** The line the process announced itself with, once it has. */
        String announcement() throws Exception {
            return this.announced.get(START.toSeconds(), TimeUnit.SECONDS);
        }

        boolean isAlive() {
            return this.process.isAlive();
        }

        /** Every line of its output so far. */
        List<String> output() {
            return this.output;
        }

        /** Stops the process, letting its shutdown hooks run, and waits until it has ended and its output is read. */
        void stop() throws Exception {
            // through the handle: Process.destroy() would also close the output before the shutdown hooks wrote it
            this.process.toHandle().destroy();
            assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as(this.name + " stopped").isTrue();
            this.outputEnded.get(30, TimeUnit.SECONDS);
        }

        void read(String announcement) {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    this.output.add(line);
                    if (line.startsWith(announcement)) {
                        this.announced.complete(line);
                    }
                }
            }
            catch (IOException e) {
                this.output.add(e.toString());
            }
            finally {
                this.announced.completeExceptionally(new IllegalStateException(this.name + " ended before it"
                    + " announced itself: " + this.output));
                this.outputEnded.complete(null);
            }
        }
    }
}
