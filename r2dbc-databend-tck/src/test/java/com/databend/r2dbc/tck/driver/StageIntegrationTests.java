package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendStageFile;
import com.databend.r2dbc.api.DatabendStages;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DatabendStages} end to end against the embedded server: uploads of a publisher and of a file, listed,
 * downloaded byte for byte and read by an INSERT; removal; the path each {@code presign} mode takes, observed through
 * the server's counters; typed errors; cancellation; retries of a file only.
 */
class StageIntegrationTests {

    /** Buffers of the generated CSV, 64 rows each. */
    private static final int CHUNKS = 320;

    /** Rows of the generated CSV: about 2 MB. */
    private static final int ROWS = CHUNKS * 64;

    private static DatabendTestServer server;
    private static String url;
    private Connection connection;
    private DatabendStages stages;

    @BeforeAll
    static void startServer() {
        server = DatabendTestServer.builder().port(0).start();
        URI base = URI.create(server.baseUrl());
        url = "r2dbc:databend://root:@" + base.getHost() + ":" + base.getPort() + "/default";
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connectAndCreate() {
        connection = connect(factory("off"));
        stages = DatabendStages.of(connection);
        exec(connection, "CREATE OR REPLACE TABLE staged (id INT, name VARCHAR)");
    }

    @AfterEach
    void disconnect() {
        server.stages().presigned().supported(true);
        server.faults().clear();
        close(connection);
    }

    private static ConnectionFactory factory(String presign) {
        return ConnectionFactories.get(url + "?presign=" + presign);
    }

    /** {@code ROWS} lines of CSV, 64 rows a buffer, made as they are demanded. */
    private static Flux<ByteBuffer> csv() {
        return Flux.range(0, CHUNKS).map(chunk -> {
            StringBuilder text = new StringBuilder(64 * 110);
            for (int i = chunk * 64; i < chunk * 64 + 64; i++) {
                text.append(i).append(",name ").append(i).append(' ').append("x".repeat(90)).append('\n');
            }
            return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
        });
    }

    private static byte[] bytes(Flux<ByteBuffer> buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buffers.doOnNext(buffer -> {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            out.writeBytes(chunk);
        }).blockLast(Sql.TIMEOUT);
        return out.toByteArray();
    }

    private static String md5(byte[] content) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
    }

    private long count() {
        return ((Number) rows(connection, "SELECT count(*) FROM staged").get(0).get(0)).longValue();
    }

    @Test
    void anUploadedPublisherIsListedDownloadedByteForByteAndReadByAnInsert() throws NoSuchAlgorithmException {
        byte[] expected = bytes(csv());
        List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();

        stages.upload("@~/stage-tests/publisher/data.csv", csv(), progress::add).block(Sql.TIMEOUT);

        assertThat(progress).hasSize(CHUNKS);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new DatabendLoadProgress(0, expected.length));
        List<DatabendStageFile> listed = stages.list("@~/stage-tests/publisher").collectList().block(Sql.TIMEOUT);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).name()).isEqualTo("stage-tests/publisher/data.csv");
        assertThat(listed.get(0).size()).isEqualTo(expected.length);
        assertThat(listed.get(0).md5()).isEqualTo(md5(expected));
        assertThat(listed.get(0).lastModified()).isNotBlank();
        assertThat(bytes(stages.download("@~/stage-tests/publisher/data.csv"))).isEqualTo(expected);

        exec(connection, "INSERT INTO staged FROM @~/stage-tests/publisher/data.csv FILE_FORMAT = (TYPE = CSV)");
        assertThat(count()).isEqualTo(ROWS);
        assertThat(rows(connection, "SELECT name FROM staged WHERE id = " + (ROWS - 1)))
                .containsExactly(List.of("name " + (ROWS - 1) + " " + "x".repeat(90)));

        stages.remove("@~/stage-tests/publisher").block(Sql.TIMEOUT);
        assertThat(stages.list("@~/stage-tests/publisher").collectList().block(Sql.TIMEOUT)).isEmpty();
    }

    @Test
    void anUploadedFileIsListedAndDownloadedByteForByte(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("data.csv");
        Files.write(file, bytes(csv()));
        List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();

        stages.uploadFile("@named_stage/files/data.csv", file, progress::add).block(Sql.TIMEOUT);

        assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(Files.size(file));
        assertThat(stages.list("@named_stage/files/data.csv").map(DatabendStageFile::size).collectList()
                .block(Sql.TIMEOUT)).containsExactly(Files.size(file));
        assertThat(bytes(stages.download("@named_stage/files/data.csv"))).isEqualTo(Files.readAllBytes(file));
        exec(connection, "INSERT INTO staged FROM @named_stage/files/data.csv FILE_FORMAT = (TYPE = CSV)");
        assertThat(count()).isEqualTo(ROWS);
    }

    @ParameterizedTest(name = "presign={0}, storage presigns: {1}")
    @CsvSource({"on, true, true", "off, true, false", "auto, true, false", "detect, true, true",
            "detect, false, false"})
    void eachPresignModeTakesItsPath(String mode, boolean storagePresigns, boolean presigned, @TempDir Path directory)
            throws IOException {
        server.stages().presigned().supported(storagePresigns);
        Path file = directory.resolve("mode.csv");
        Files.writeString(file, "1,one\n2,two\n");
        long servedBefore = server.stages().presigned().servedCount();
        long uploadsBefore = server.stages().uploadCount();
        Connection moded = connect(factory(mode));
        try {
            DatabendStages.of(moded).uploadFile("@~/stage-tests/modes/" + mode + ".csv", file).block(Sql.TIMEOUT);
        } finally {
            close(moded);
        }

        assertThat(server.stages().presigned().servedCount() - servedBefore).isEqualTo(presigned ? 1 : 0);
        assertThat(server.stages().uploadCount() - uploadsBefore).isEqualTo(presigned ? 0 : 1);
        assertThat(server.stages().presigned().servedWithCredentialsCount()).isZero();
        assertThat(stages.list("@~/stage-tests/modes/" + mode + ".csv").map(DatabendStageFile::size)
                .collectList().block(Sql.TIMEOUT)).containsExactly(12L);
    }

    @Test
    void aPublisherGoesThroughUploadToStageEvenWhenPresignIsOn() {
        long servedBefore = server.stages().presigned().servedCount();
        long uploadsBefore = server.stages().uploadCount();
        Connection presigning = connect(factory("on"));
        try {
            DatabendStages.of(presigning).upload("@~/stage-tests/modes/publisher.csv",
                    Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'}))).block(Sql.TIMEOUT);
        } finally {
            close(presigning);
        }

        assertThat(server.stages().presigned().servedCount() - servedBefore).isZero();
        assertThat(server.stages().uploadCount() - uploadsBefore).isEqualTo(1);
    }

    @Test
    void aPresignedUploadTheStorageRefusesIsATypedErrorAndAGatewayErrorIsRetried(@TempDir Path directory)
            throws IOException {
        Path file = directory.resolve("refused.csv");
        Files.writeString(file, "1,one\n");
        Connection presigning = connect(factory("on"));
        try {
            DatabendStages presigned = DatabendStages.of(presigning);
            server.faults().failNext("PUT /v1/presigned/.+", 1, 403);
            assertThatThrownBy(() -> presigned.uploadFile("@~/stage-tests/refused/a.csv", file).block(Sql.TIMEOUT))
                    .isInstanceOf(R2dbcNonTransientResourceException.class)
                    .hasMessageContaining("The upload to stage file @~/stage-tests/refused/a.csv failed")
                    .hasMessageContaining("HTTP 403")
                    .hasMessageNotContaining("/v1/presigned/");
            assertThat(stages.list("@~/stage-tests/refused").collectList().block(Sql.TIMEOUT)).isEmpty();

            long injectedBefore = server.faults().injectedCount();
            server.faults().failNext("PUT /v1/presigned/.+", 1, 503);
            presigned.uploadFile("@~/stage-tests/refused/b.csv", file).block(Sql.TIMEOUT);
            assertThat(server.faults().injectedCount() - injectedBefore).isEqualTo(1);
        } finally {
            close(presigning);
        }
        assertThat(stages.list("@~/stage-tests/refused").map(DatabendStageFile::name).collectList()
                .block(Sql.TIMEOUT)).containsExactly("stage-tests/refused/b.csv");
    }

    @Test
    void downloadingAMissingFileIsATypedErrorNamingIt() {
        assertThatThrownBy(() -> bytes(stages.download("@~/stage-tests/none/missing.csv")))
                .isInstanceOf(R2dbcNonTransientResourceException.class)
                .hasMessageContaining("Stage file @~/stage-tests/none/missing.csv does not exist")
                .hasMessageContaining("HTTP 404")
                .hasMessageNotContaining("/v1/presigned/");
    }

    @Test
    void cancellingAnUploadStoresNothing() {
        Sinks.One<DatabendLoadProgress> firstBufferSent = Sinks.one();
        Flux<ByteBuffer> endless = csv().take(10).concatWith(Flux.never());

        Disposable upload = stages.upload("@~/stage-tests/cancelled/data.csv", endless,
                firstBufferSent::tryEmitValue).subscribe();
        firstBufferSent.asMono().block(Sql.TIMEOUT);
        upload.dispose();

        assertThat(stages.list("@~/stage-tests/cancelled").collectList().block(Sql.TIMEOUT)).isEmpty();
        stages.upload("@~/stage-tests/cancelled/after.csv", Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'})))
                .block(Sql.TIMEOUT);
        assertThat(stages.list("@~/stage-tests/cancelled").map(DatabendStageFile::name).collectList()
                .block(Sql.TIMEOUT)).containsExactly("stage-tests/cancelled/after.csv");
    }

    @Test
    void aFailingPublisherStoresNothing() {
        Flux<ByteBuffer> failing = csv().take(5).concatWith(Flux.error(new IllegalStateException("source failed")));

        assertThatThrownBy(() -> stages.upload("@~/stage-tests/failed/data.csv", failing).block(Sql.TIMEOUT))
                .hasMessageContaining("source failed");
        assertThat(stages.list("@~/stage-tests/failed").collectList().block(Sql.TIMEOUT)).isEmpty();
    }

    @Test
    void aDownloadIsReadAsDemandedAndMayStopEarly() {
        stages.upload("@~/stage-tests/partial/data.csv", csv()).block(Sql.TIMEOUT);

        List<ByteBuffer> firstTwo = stages.download("@~/stage-tests/partial/data.csv").limitRate(1).take(2)
                .collectList().block(Sql.TIMEOUT);

        assertThat(firstTwo).hasSize(2).allSatisfy(buffer -> assertThat(buffer.remaining()).isPositive());
        assertThat(new String(firstTwo.get(0).array(), 0, 2, StandardCharsets.US_ASCII)).isEqualTo("0,");
        assertThat(stages.list("@~/stage-tests/partial/data.csv").map(DatabendStageFile::size).collectList()
                .block(Sql.TIMEOUT)).containsExactly((long) bytes(csv()).length);
    }

    @Test
    void aFileIsSentAgainWhenTheAnswerIsLostButAPublisherIsNot(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("retried.csv");
        Files.writeString(file, "1,one\n");
        long uploadsBefore = server.stages().uploadCount();
        server.faults().dropResponseOfNext("PUT /v1/upload_to_stage", 1);

        stages.uploadFile("@~/stage-tests/retry/file.csv", file).block(Sql.TIMEOUT);

        assertThat(server.stages().uploadCount() - uploadsBefore).isEqualTo(2);
        server.faults().dropResponseOfNext("PUT /v1/upload_to_stage", 1);
        assertThatThrownBy(() -> stages.upload("@~/stage-tests/retry/publisher.csv",
                Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'}))).block(Sql.TIMEOUT))
                .isInstanceOf(R2dbcTransientResourceException.class);
        assertThat(server.stages().uploadCount() - uploadsBefore).isEqualTo(3);
    }

    @Test
    void aPooledConnectionHasStagesThroughItsWrapper() {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory("off")).maxSize(1)
                .build());
        try {
            List<String> names = Flux.usingWhen(pool.create(),
                    pooled -> DatabendStages.of(pooled).upload("@~/stage-tests/pooled/a.csv",
                                    Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'})))
                            .thenMany(DatabendStages.of(pooled).list("@~/stage-tests/pooled"))
                            .map(DatabendStageFile::name),
                    Connection::close).collectList().block(Sql.TIMEOUT);
            assertThat(names).containsExactly("stage-tests/pooled/a.csv");
        } finally {
            pool.dispose();
        }
    }
}
