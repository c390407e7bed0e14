package com.databend.r2dbc.tck.driver;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.databend.r2dbc.tck.driver.Sql.close;
import static com.databend.r2dbc.tck.driver.Sql.connect;
import static com.databend.r2dbc.tck.driver.Sql.exec;
import static com.databend.r2dbc.tck.driver.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk writes end to end against the embedded server: a batch of {@code INSERT … VALUES (?, …)} binding sets goes
 * as one streaming load and reads back equal to the same rows inserted one by one; the {@link DatabendLoader} API
 * streams rows and bytes, reports progress, takes part in transactions, and writes nothing when it fails or is
 * cancelled.
 */
class BulkLoadIntegrationTests {

    private static final String COLUMNS = "(id INT, s VARCHAR NULL, b BOOLEAN NULL, i BIGINT NULL, "
            + "d DECIMAL(20, 5) NULL, f DOUBLE NULL, dt DATE NULL, ts TIMESTAMP NULL, bin BINARY NULL, "
            + "v VARIANT NULL)";

    private static DatabendTestServer server;
    private static ConnectionFactory factory;
    private Connection connection;

    @BeforeAll
    static void startServer() {
        server = DatabendTestServer.builder().port(0).start();
        URI url = URI.create(server.baseUrl());
        factory = ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":" + url.getPort()
                + "/default?timezone=Asia/Shanghai");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connectAndCreate() {
        connection = connect(factory);
        exec(connection, "CREATE OR REPLACE TABLE one_by_one " + COLUMNS);
        exec(connection, "CREATE OR REPLACE TABLE batched " + COLUMNS);
        exec(connection, "CREATE OR REPLACE TABLE pairs (id INT, name VARCHAR NULL)");
    }

    @AfterEach
    void disconnect() {
        close(connection);
    }

    /** Every value the load path carries, NULLs included, in rows that exercise the CSV quoting. */
    private static List<Object[]> typeMatrix() {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {1, "plain", true, 1L, new BigDecimal("12345.67891"), 1.5d, LocalDate.of(2024, 4, 10),
                LocalDateTime.of(2024, 4, 10, 1, 2, 3, 456_789_000), new byte[] {0, 1, (byte) 0xFF}, "{\"a\":[1,2]}"});
        rows.add(new Object[] {2, "quotes \" and '' and \"\"", false, -9_223_372_036_854_775_808L,
                new BigDecimal("-0.00001"), Double.NaN, LocalDate.of(1970, 1, 1),
                LocalDateTime.of(1970, 1, 1, 0, 0), new byte[] {0}, "[]"});
        rows.add(new Object[] {3, "comma, new\nline\r\nand\ttab", null, null, null, Double.POSITIVE_INFINITY, null,
                null, null, null});
        rows.add(new Object[] {4, "back\\slash \\n \\\\ x", true, 0L, BigDecimal.ZERO, Double.NEGATIVE_INFINITY,
                LocalDate.of(2038, 1, 19), LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000),
                "bytes".getBytes(StandardCharsets.UTF_8), "null"});
        rows.add(new Object[] {5, " ", true, 42L, new BigDecimal("99999999999999.99999"), 2.5e-10,
                LocalDate.of(2000, 2, 29), LocalDateTime.of(2000, 2, 29, 23, 59, 59), new byte[] {'"', ',', '\n'},
                "\"text\""});
        rows.add(new Object[] {6, null, false, 7L, new BigDecimal("1E-5"), 1e300, LocalDate.of(1999, 12, 31),
                LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1_000), null, "{}"});
        rows.add(new Object[] {7, "emoji 😀 𝄞 and NUL a\u0000b and \\N", true, 8L, new BigDecimal("3.14159"),
                Double.MIN_VALUE, LocalDate.of(2024, 1, 1), LocalDateTime.of(2024, 1, 1, 12, 0), null, "1.5"});
        rows.add(new Object[] {8, "\\N", null, null, null, null, null, null, null, null});
        return rows;
    }

    private static Statement bindRow(Statement statement, Object[] row) {
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) {
                statement.bindNull(i, Object.class);
            } else {
                statement.bind(i, row[i]);
            }
        }
        return statement;
    }

    private List<List<Object>> contents(String table) {
        return rows(connection, "SELECT id, s, b, i, d, f, dt, ts, to_hex(bin), v FROM " + table + " ORDER BY id");
    }

    private long count(String table) {
        return Flux.from(connection.createStatement("SELECT count(*) FROM " + table).execute())
                .concatMap(result -> result.map(row -> row.get(0, Long.class))).blockLast(Sql.TIMEOUT);
    }

    private List<Long> updateCounts(Statement statement) {
        return Flux.from(statement.execute()).concatMap(Result::getRowsUpdated).collectList().block(Sql.TIMEOUT);
    }

    @Test
    void batchOfEveryLoadableTypeIsOneLoadAndReadsBackAsRowsInsertedOneByOne() {
        List<Object[]> matrix = typeMatrix();
        for (Object[] row : matrix) {
            assertThat(updateCounts(bindRow(connection.createStatement("INSERT INTO one_by_one VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), row))).containsExactly(1L);
        }
        Statement batch = connection.createStatement("INSERT INTO batched VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (int r = 0; r < matrix.size(); r++) {
            if (r > 0) {
                batch.add();
            }
            bindRow(batch, matrix.get(r));
        }

        List<Long> counts = updateCounts(batch);

        assertThat(counts).as("one load, one result counting every row").containsExactly((long) matrix.size());
        List<List<Object>> expected = contents("one_by_one");
        assertThat(expected).hasSize(matrix.size());
        assertThat(contents("batched")).containsExactlyElementsOf(expected);
        assertThat(rows(connection, "SELECT id FROM batched WHERE s IS NULL")).containsExactly(List.of(6));
        assertThat(rows(connection, "SELECT id FROM batched WHERE s = ' '")).containsExactly(List.of(5));
        assertThat(rows(connection, "SELECT s FROM batched WHERE id = 8")).containsExactly(List.of("\\N"));
    }

    @Test
    void plainValuesEncodedAtAddReadBackExactlyAsRowsInsertedOneByOne() {
        String columns = "(id INT, s VARCHAR NULL, b BOOLEAN NULL, t TINYINT NULL, m SMALLINT NULL, i BIGINT NULL, "
                + "r FLOAT NULL, f DOUBLE NULL)";
        exec(connection, "CREATE OR REPLACE TABLE plain_one_by_one " + columns);
        exec(connection, "CREATE OR REPLACE TABLE plain_batched " + columns);
        double[] doubles = {-0.0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            1e-7, 1e21, 0.1 + 0.2, 0.25, Double.MAX_VALUE, 123_456.789, -1e-3, 9_007_199_254_740_993d, 1.0 / 3};
        float[] floats = {-0.0f, Float.NaN, Float.MIN_VALUE, 0.1f, Float.MAX_VALUE, 1e-7f, 16_777_217f};
        String[] texts = {"plain", "quotes \" and \"\"", "comma, new\nline", "\\N", " ", "é € 😀", "back\\slash", ""};
        List<Object[]> rows = new ArrayList<>();
        for (int r = 0; r < doubles.length; r++) {
            rows.add(new Object[] {r, r % 5 == 4 ? null : texts[r % texts.length], r % 3 == 2 ? null : r % 2 == 0,
                (byte) (r - 7), (short) (r * 1000 - 7000), r == 0 ? Long.MIN_VALUE : r == 1 ? Long.MAX_VALUE : -r,
                r % 4 == 3 ? null : floats[r % floats.length], doubles[r]});
        }
        String insert = "INSERT INTO %s VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        for (Object[] row : rows) {
            updateCounts(bindRow(connection.createStatement(insert.formatted("plain_one_by_one")), row));
        }
        Statement batch = connection.createStatement(insert.formatted("plain_batched"));
        for (int r = 0; r < rows.size(); r++) {
            if (r > 0) {
                batch.add();
            }
            bindRow(batch, rows.get(r));
        }

        assertThat(updateCounts(batch)).containsExactly((long) rows.size());

        // row 0 apart: the single-row path's parameter -0.0 reaches the embedded server as 0.0
        String select = "SELECT id, s, b, t, m, i, r, f FROM %s WHERE id > 0 ORDER BY id";
        List<List<Object>> expected = rows(connection, select.formatted("plain_one_by_one"));
        assertThat(expected).hasSize(rows.size() - 1);
        assertThat(rows(connection, select.formatted("plain_batched"))).containsExactlyElementsOf(expected);
        assertThat(rows(connection, "SELECT r, f FROM plain_batched WHERE id = 0"))
                .containsExactly(List.of(-0.0f, -0.0d));
        assertThat(rows(connection, "SELECT f FROM plain_batched WHERE id IN (5, 6, 7, 12) ORDER BY id"))
                .containsExactly(List.of(1e-7), List.of(1e21), List.of(0.30000000000000004),
                        List.of(9_007_199_254_740_992d));
    }

    @Test
    void onAServerWithoutStreamingLoadABatchIsOneStagedFileAndReadsBackAsRowsInsertedOneByOne() {
        try (DatabendTestServer old = DatabendTestServer.builder().port(0).version("1.2.700-nightly").start()) {
            URI url = URI.create(old.baseUrl());
            Connection oldConnection = connect(ConnectionFactories.get("r2dbc:databend://root:@" + url.getHost() + ":"
                    + url.getPort() + "/default?timezone=Asia/Shanghai"));
            try {
                exec(oldConnection, "CREATE OR REPLACE TABLE one_by_one " + COLUMNS);
                exec(oldConnection, "CREATE OR REPLACE TABLE batched " + COLUMNS);
                List<Object[]> matrix = typeMatrix();
                for (Object[] row : matrix) {
                    Flux.from(bindRow(oldConnection.createStatement("INSERT INTO one_by_one VALUES "
                            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"), row).execute()).concatMap(Result::getRowsUpdated)
                            .blockLast(Sql.TIMEOUT);
                }
                Statement batch = oldConnection.createStatement("INSERT INTO batched VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                for (int r = 0; r < matrix.size(); r++) {
                    if (r > 0) {
                        batch.add();
                    }
                    bindRow(batch, matrix.get(r));
                }

                List<Long> counts = Flux.from(batch.execute()).concatMap(Result::getRowsUpdated).collectList()
                        .block(Sql.TIMEOUT);

                assertThat(counts).containsExactly((long) matrix.size());
                String select = "SELECT id, s, b, i, d, f, dt, ts, to_hex(bin), v FROM %s ORDER BY id";
                assertThat(rows(oldConnection, select.formatted("batched")))
                        .containsExactlyElementsOf(rows(oldConnection, select.formatted("one_by_one")));
            } finally {
                close(oldConnection);
            }
        }
    }

    @Test
    void batchWithAValueTheLoadCannotCarryRunsRowByRowAndStillWritesEveryRow() {
        exec(connection, "CREATE OR REPLACE TABLE lists (id INT, tags ARRAY(VARCHAR) NULL, s VARCHAR NULL)");
        Statement batch = connection.createStatement("INSERT INTO lists VALUES (?, ?, ?)")
                .bind(0, 1).bind(1, List.of("a", "b,c")).bind(2, "x").add()
                .bind(0, 2).bindNull(1, List.class).bind(2, "ends with backslash \\").add()
                .bind(0, 3).bind(1, List.of()).bind(2, "quote after backslash \\\"").add()
                .bind(0, 4).bind(1, List.of("d")).bind(2, "");

        assertThat(updateCounts(batch)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(rows(connection, "SELECT id, tags, s FROM lists ORDER BY id")).containsExactly(
                List.of(1, List.of("a", "b,c"), "x"),
                Arrays.asList(2, null, "ends with backslash \\"),
                List.of(3, List.of(), "quote after backslash \\\""),
                List.of(4, List.of("d"), ""));
    }

    @Test
    void setsEncodedAtAddThenASetTheLoadCannotCarryRunRowByRowEachWithItsOwnValues() {
        exec(connection, "CREATE OR REPLACE TABLE mixed_sets (id INT, s VARCHAR NULL, tags ARRAY(VARCHAR) NULL)");
        // the first two sets become CSV records; a list has no CSV form, so every set runs on its own
        Statement batch = connection.createStatement("INSERT INTO mixed_sets VALUES (?, ?, ?)")
                .bind(0, 1).bind(1, "a").bindNull(2, List.class).add()
                .bind(0, 2).bindNull(1, String.class).bindNull(2, List.class).add()
                .bind(0, 3).bind(1, "c").bind(2, List.of("x", "y")).add()
                .bind(0, 4).bind(1, "d").bindNull(2, List.class);

        assertThat(updateCounts(batch)).containsExactly(1L, 1L, 1L, 1L);
        assertThat(rows(connection, "SELECT id, s, tags FROM mixed_sets ORDER BY id")).containsExactly(
                Arrays.asList(1, "a", null), Arrays.asList(2, null, null), List.of(3, "c", List.of("x", "y")),
                Arrays.asList(4, "d", null));
    }

    @Test
    void tenThousandBindingSetsAreOneResultCountingEveryRow() {
        Statement batch = connection.createStatement("INSERT INTO pairs (id, name) VALUES (?, ?)");
        for (int i = 0; i < 10_000; i++) {
            if (i > 0) {
                batch.add();
            }
            batch.bind(0, i).bind(1, "name " + i);
        }

        List<Result> results = Flux.<Result>from(batch.execute()).collectList().block(Sql.TIMEOUT);

        assertThat(results).hasSize(1);
        assertThat(((DatabendResultInfo) results.get(0)).queryId()).isNotEmpty();
        assertThat(Mono.from(results.get(0).getRowsUpdated()).block(Sql.TIMEOUT)).isEqualTo(10_000L);
        assertThat(rows(connection, "SELECT sum(id), min(name) FROM pairs"))
                .containsExactly(List.of(49_995_000L, "name 0"));
        assertThat(count("pairs")).isEqualTo(10_000L);
    }

    @Test
    void emptyStringsLoadAsEmptyStringsAndNullsAsNullsInNullableAndNotNullColumns() {
        exec(connection, "CREATE OR REPLACE TABLE empties (id INT, s VARCHAR NULL, n VARCHAR NOT NULL)");
        Statement batch = connection.createStatement("INSERT INTO empties VALUES (?, ?, ?)")
                .bind(0, 1).bind(1, "").bind(2, "").add()
                .bind(0, 2).bindNull(1, String.class).bind(2, "x");

        assertThat(updateCounts(batch)).containsExactly(2L);
        DatabendLoadResult loaded = DatabendLoader.of(connection).loadRows("INSERT INTO empties VALUES (?, ?, ?)",
                Flux.just(new Object[] {3, "", ""}, Arrays.asList(4, null, ""))).block(Sql.TIMEOUT);

        assertThat(loaded.rows()).isEqualTo(2L);
        assertThat(rows(connection, "SELECT id, s, n, s IS NULL FROM empties ORDER BY id")).containsExactly(
                List.of(1, "", "", false), Arrays.asList(2, null, "x", true), List.of(3, "", "", false),
                Arrays.asList(4, null, "", true));
    }

    @Test
    void anEmptyStringForANullableColumnOfAnotherTypeLoadsAsNullAsDatabendReadsAnEmptyField() {
        exec(connection, "CREATE OR REPLACE TABLE empty_others (id INT, i INT NULL, d DATE NULL, s VARCHAR NULL)");
        Statement batch = connection.createStatement("INSERT INTO empty_others VALUES (?, ?, ?, ?)")
                .bind(0, 1).bind(1, "").bind(2, "").bind(3, "").add()
                .bind(0, 2).bind(1, 7).bind(2, LocalDate.of(2024, 4, 10)).bind(3, "x");

        assertThat(updateCounts(batch)).containsExactly(2L);
        assertThat(rows(connection, "SELECT id, i, d, s FROM empty_others ORDER BY id")).containsExactly(
                Arrays.asList(1, null, null, ""), List.of(2, 7, LocalDate.of(2024, 4, 10), "x"));
    }

    @Test
    void loadRowsStreamsThePublisherAndReportsProgressUpToEveryRow() {
        List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();
        Flux<Object> rows = Flux.range(0, 5_000)
                .map(i -> i % 2 == 0 ? new Object[] {i, "row " + i} : Arrays.asList(i, i % 3 == 0 ? null : "r" + i));

        DatabendLoadResult result = DatabendLoader.of(connection)
                .loadRows("INSERT INTO pairs VALUES (?, ?)", rows, progress::add)
                .block(Sql.TIMEOUT);

        assertThat(result.rows()).isEqualTo(5_000L);
        assertThat(result.queryId()).isNotEmpty();
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1).rows()).isEqualTo(5_000L);
        assertThat(progress).extracting(DatabendLoadProgress::bytes).isSorted();
        assertThat(count("pairs WHERE name IS NULL")).isEqualTo(833L);
        assertThat(count("pairs")).isEqualTo(5_000L);
    }

    @Test
    void loadBytesReadsAFileAChunkAtATime(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("pairs.csv");
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            csv.append(i).append(",\"name ").append(i).append("\"\n");
        }
        Files.writeString(file, csv);
        List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();

        DatabendLoadResult result = DatabendLoader.of(connection)
                .loadBytes("INSERT INTO pairs FROM @_databend_load FILE_FORMAT = (TYPE = CSV)", chunks(file, 4096),
                        progress::add)
                .block(Sql.TIMEOUT);

        assertThat(result.rows()).isEqualTo(3_000L);
        assertThat(progress).hasSizeGreaterThan(1);
        assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(Files.size(file));
        assertThat(rows(connection, "SELECT max(name) FROM pairs")).containsExactly(List.of("name 999"));
        assertThat(count("pairs")).isEqualTo(3_000L);
    }

    @Test
    void loadFileReadsTheFileWithoutHoldingItWhole(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("pairs.tsv");
        StringBuilder tsv = new StringBuilder("id\tname\n");
        for (int i = 0; i < 20_000; i++) {
            tsv.append(i).append("\tname ").append(i).append('\n');
        }
        Files.writeString(file, tsv);
        List<DatabendLoadProgress> progress = new CopyOnWriteArrayList<>();

        DatabendLoadResult result = DatabendLoader.of(connection)
                .loadFile("INSERT INTO pairs FROM @_databend_load FILE_FORMAT = (TYPE = TSV, SKIP_HEADER = 1)", file,
                        progress::add)
                .block(Sql.TIMEOUT);

        assertThat(result.rows()).isEqualTo(20_000L);
        assertThat(progress).hasSizeGreaterThan(2);
        assertThat(progress.get(progress.size() - 1).bytes()).isEqualTo(Files.size(file));
        assertThat(count("pairs")).isEqualTo(20_000L);
        assertThat(rows(connection, "SELECT name FROM pairs WHERE id = 19999")).containsExactly(List.of("name 19999"));
    }

    /** A file read in chunks of {@code size} bytes, one read per demanded buffer. */
    private static Flux<ByteBuffer> chunks(Path file, int size) {
        return Flux.using(() -> FileChannel.open(file, StandardOpenOption.READ),
                channel -> Flux.generate(sink -> {
                    ByteBuffer buffer = ByteBuffer.allocate(size);
                    try {
                        if (channel.read(buffer) < 0) {
                            sink.complete();
                        } else {
                            sink.next(buffer.flip());
                        }
                    } catch (IOException e) {
                        sink.error(e);
                    }
                }),
                channel -> {
                    try {
                        channel.close();
                    } catch (IOException ignored) {
                        // the test's file is deleted with its directory
                    }
                });
    }

    @Test
    void aBadRowFailsTheLoadWithTheServersMessageAndWritesNothing() {
        Flux<Object[]> rows = Flux.range(0, 1_000).map(i -> new Object[] {i == 700 ? "not a number" : i, "x"});

        assertThatThrownBy(() -> DatabendLoader.of(connection)
                .loadRows("INSERT INTO pairs VALUES (?, ?)", rows).block(Sql.TIMEOUT))
                .satisfies(BulkLoadIntegrationTests::isBadBytes)
                .hasMessageContaining("Invalid value 'not a number' for column 0 (id Int32 NULL)")
                .hasMessageContaining("at file 'rows.csv', line 701")
                .hasMessageMatching("(?s).*\\[query id [0-9a-f]{32}]$");
        assertThat(count("pairs")).isEqualTo(0L);
    }

    /** A row Databend could not read: BadBytes (1046), a data integrity violation of SQL state 22000. */
    private static void isBadBytes(Throwable error) {
        assertThat(error).isInstanceOf(R2dbcDataIntegrityViolationException.class);
        assertThat(((R2dbcException) error).getErrorCode()).isEqualTo(1046);
        assertThat(((R2dbcException) error).getSqlState()).isEqualTo("22000");
    }

    @Test
    void aBatchValueTooLargeForItsColumnIsBadBytesAtItsLine() {
        Statement batch = connection.createStatement("INSERT INTO pairs (id, name) VALUES (?, ?)")
                .bind(0, 1).bind(1, "fits").add()
                .bind(0, 2).bind(1, "fits").add()
                .bind(0, Long.MAX_VALUE).bind(1, "too large for INT");

        assertThatThrownBy(() -> updateCounts(batch))
                .satisfies(BulkLoadIntegrationTests::isBadBytes)
                .hasMessageContaining("Invalid value '9223372036854775807' for column 0 (id Int32 NULL)")
                .hasMessageContaining("at file 'batch.csv', line 3")
                .hasMessageContaining("[query id ");
        assertThat(count("pairs")).isEqualTo(0L);
    }

    @Test
    void aMalformedCsvOfLoadBytesIsBadBytesAtItsLine() {
        ByteBuffer csv = ByteBuffer.wrap("1,one\n2,two\n3\n4,four\n".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadBytes("INSERT INTO pairs FROM @_databend_load "
                + "FILE_FORMAT = (TYPE = CSV)", Flux.just(csv)).block(Sql.TIMEOUT))
                .satisfies(BulkLoadIntegrationTests::isBadBytes)
                .hasMessageContaining("Number of columns in file (1) does not match that of the corresponding table "
                        + "(2)")
                .hasMessageContaining("at file 'data', line 3");
        assertThat(count("pairs")).isEqualTo(0L);
    }

    @Test
    void aFailingPublisherAbortsTheLoadAndWritesNothing() {
        Flux<Object[]> rows = Flux.concat(Flux.range(0, 600).map(i -> new Object[] {i, "x"}),
                Flux.error(new IllegalStateException("source failed")));

        assertThatThrownBy(() -> DatabendLoader.of(connection)
                .loadRows("INSERT INTO pairs VALUES (?, ?)", rows).block(Sql.TIMEOUT))
                .hasMessageContaining("source failed");
        assertThat(count("pairs")).isEqualTo(0L);
    }

    @Test
    void cancellingTheLoadAbortsTheRequestAndWritesNothing() {
        Sinks.One<DatabendLoadProgress> firstChunkSent = Sinks.one();
        Flux<Object[]> endless = Flux.range(0, 1_000).<Object[]>map(i -> new Object[] {i, "x"})
                .concatWith(Flux.never());

        Disposable load = DatabendLoader.of(connection)
                .loadRows("INSERT INTO pairs VALUES (?, ?)", endless, firstChunkSent::tryEmitValue)
                .subscribe();
        firstChunkSent.asMono().block(Sql.TIMEOUT);
        load.dispose();

        assertThat(count("pairs")).isEqualTo(0L);
        assertThat(DatabendLoader.of(connection).loadRows("INSERT INTO pairs VALUES (?, ?)",
                Flux.just(List.of(1, "after"))).block(Sql.TIMEOUT).rows()).isEqualTo(1L);
    }

    private List<List<Object>> keyed() {
        return rows(connection, "SELECT k, v FROM keyed ORDER BY k");
    }

    @Test
    void replaceBatchesAndRowLoadsReplaceTheRowsWithTheirKeysAndAKeyLoadedTwiceKeepsTheLastValue() {
        exec(connection, "CREATE OR REPLACE TABLE keyed (k INT, v VARCHAR NULL)");
        exec(connection, "INSERT INTO keyed VALUES (1, 'old'), (2, 'kept')");
        Statement batch = connection.createStatement("REPLACE INTO keyed (k, v) ON (k) VALUES (?, ?)")
                .bind(0, 1).bind(1, "new").add()
                .bind(0, 3).bind(1, "three");

        assertThat(updateCounts(batch)).containsExactly(2L);
        assertThat(keyed()).containsExactly(List.of(1, "new"), List.of(2, "kept"), List.of(3, "three"));

        DatabendLoadResult replaced = DatabendLoader.of(connection).loadRows("REPLACE INTO keyed ON CONFLICT (k) "
                + "VALUES (?, ?)", Flux.just(List.of(3, "last"), Arrays.asList(4, null))).block(Sql.TIMEOUT);

        assertThat(replaced.rows()).isEqualTo(2L);
        assertThat(keyed()).containsExactly(List.of(1, "new"), List.of(2, "kept"), List.of(3, "last"),
                Arrays.asList(4, null));
    }

    @Test
    void aReplaceRepeatingAKeyFailsAsDatabendDoesAndWritesNothing() {
        exec(connection, "CREATE OR REPLACE TABLE keyed (k INT, v VARCHAR NULL)");
        exec(connection, "INSERT INTO keyed VALUES (5, 'old')");

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadRows("REPLACE INTO keyed ON (k) VALUES (?, ?)",
                Flux.just(List.of(5, "a"), List.of(6, "b"), List.of(5, "c"))).block(Sql.TIMEOUT))
                .hasMessageContaining("duplicated data detected in the values being replaced into")
                .hasMessageContaining("\"k\":5")
                .isInstanceOfSatisfying(R2dbcException.class, e -> assertThat(e.getErrorCode()).isEqualTo(4000));
        assertThat(keyed()).containsExactly(List.of(5, "old"));
    }

    @Test
    void aReplaceRepeatingAKeyOfAnEarlierChunkFailsToo() {
        exec(connection, "CREATE OR REPLACE TABLE keyed (k INT, v VARCHAR NULL)");
        Flux<Object[]> rows = Flux.range(0, 120_000).map(i -> new Object[] {i == 110_000 ? 7 : i, "v"});

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadRows("REPLACE INTO keyed ON (k) VALUES (?, ?)",
                rows).block(Sql.TIMEOUT))
                .hasMessageContaining("at row 110000, [\"k\":7]")
                .isInstanceOfSatisfying(R2dbcException.class, e -> assertThat(e.getErrorCode()).isEqualTo(4000));
        assertThat(count("keyed")).isZero();
    }

    @Test
    void aReplaceCannotBeAStreamingLoadOfBytesAsInDatabend() {
        exec(connection, "CREATE OR REPLACE TABLE keyed (k INT, v VARCHAR NULL)");

        assertThatThrownBy(() -> DatabendLoader.of(connection).loadBytes("REPLACE INTO keyed ON (k) FROM "
                + "@_databend_load FILE_FORMAT = (TYPE = CSV)", Flux.just(ByteBuffer.wrap(new byte[] {'1', '\n'})))
                .block(Sql.TIMEOUT))
                .isInstanceOfSatisfying(R2dbcNonTransientResourceException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(1002))
                .hasMessageContaining("Replace with streaming load not supported yet");
    }

    @Test
    void aPooledConnectionIsALoaderThroughItsWrapper() {
        ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(1).build());
        try {
            Long written = Flux.usingWhen(pool.create(),
                    pooled -> DatabendLoader.of(pooled).loadRows("INSERT INTO pairs (id, name) VALUES (?, ?)",
                            Flux.just(new Object[] {1, "a"}, new Object[] {2, "b"})).map(DatabendLoadResult::rows),
                    Connection::close).blockLast(Sql.TIMEOUT);
            assertThat(written).isEqualTo(2L);
        } finally {
            pool.dispose();
        }
        assertThat(rows(connection, "SELECT id, name FROM pairs ORDER BY id"))
                .containsExactly(List.of(1, "a"), List.of(2, "b"));
    }
}
