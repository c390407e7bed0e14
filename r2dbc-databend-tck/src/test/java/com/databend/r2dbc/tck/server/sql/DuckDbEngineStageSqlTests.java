package com.databend.r2dbc.tck.server.sql;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The stage statements Databend's clients send (docs/protocol.md §8.2, §8.3): INSERT ... FROM @stage, COPY INTO, LIST,
 * REMOVE and PRESIGN.
 */
class DuckDbEngineStageSqlTests {

    @RegisterExtension
    final EngineFixture fixture = new EngineFixture();

    private void stage(String relativePath, String fileName, String content) {
        this.fixture.engine.stages().upload("s1", relativePath, fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void insertFromAStageWithOrWithoutValuesColumnsAndFileFormat() {
        this.fixture.run("CREATE STAGE s1");
        this.fixture.run("CREATE TABLE t(a INT, b VARCHAR)");
        stage("in", "1.csv", "1,x\n");
        stage("in", "2.tsv", "y\t2\n");
        EngineFixture.Result plain = this.fixture.run("INSERT INTO t FROM @s1/in/1.csv FILE_FORMAT = (type = CSV)");
        assertThat(plain.rows()).containsExactly(List.of("1"));
        assertThat(plain.writtenRows()).isEqualTo(1);
        EngineFixture.Result withValues = this.fixture.run(
            "insert into t (b, a) values from @s1/in/2.tsv file_format = (type = 'TSV')");
        assertThat(withValues.rows()).containsExactly(List.of("1"));
        assertThat(this.fixture.run("SELECT a, b FROM t ORDER BY a").rows())
            .containsExactly(List.of("1", "x"), List.of("2", "y"));
        // Databend binds INSERT ... FROM @stage as a purging copy: the files loaded are removed
        assertThat(this.fixture.run("LIST @s1/in").rows()).isEmpty();
        // a VALUES list whose text mentions a stage is an ordinary INSERT
        this.fixture.run("INSERT INTO t VALUES (3, ' from @s1/in/1.csv')");
        assertThat(this.fixture.run("SELECT b FROM t WHERE a = 3").rows()).containsExactly(List.of(" from @s1/in/1.csv"));
    }

    @Test
    void copyIntoLoadsEachFileAndAnswersARowPerFile() {
        this.fixture.run("CREATE TABLE c(a INT, b VARCHAR)");
        stage("d", "a.csv", "1|x\n2|y\n");
        stage("d", "b.csv", "3|z\n");
        stage("d", "skip.txt", "not,csv\n");
        EngineFixture.Result copied = this.fixture.run("COPY INTO c FROM @s1/d PATTERN = '.*[.]csv' "
            + "FILE_FORMAT = (type = CSV field_delimiter = '|') PURGE = true");
        assertThat(copied.schema()).containsExactly(new SchemaField("File", "String"),
            new SchemaField("Rows_loaded", "Int32"), new SchemaField("Errors_seen", "Int32"),
            new SchemaField("First_error", "Nullable(String)"), new SchemaField("First_error_line", "Nullable(Int32)"));
        assertThat(copied.rows()).containsExactly(Arrays.asList("d/a.csv", "2", "0", null, null),
            Arrays.asList("d/b.csv", "1", "0", null, null));
        assertThat(copied.writtenRows()).isEqualTo(3);
        assertThat(this.fixture.run("SELECT count(*) FROM c").rows()).containsExactly(List.of("3"));
        assertThat(this.fixture.run("LIST @s1").rows()).extracting(row -> row.get(0)).containsExactly("d/skip.txt");
    }

    @Test
    void copyIntoNamedFilesAndColumnsKeepsFilesWithoutPurge() {
        this.fixture.run("CREATE TABLE n(a INT, b VARCHAR)");
        stage("", "one.csv", "x,1\n");
        stage("", "two.csv", "y,2\n");
        EngineFixture.Result copied = this.fixture.run("copy into n (b, a) from @s1 files = ('two.csv')");
        assertThat(copied.rows()).containsExactly(Arrays.asList("two.csv", "1", "0", null, null));
        assertThat(this.fixture.run("SELECT a, b FROM n").rows()).containsExactly(List.of("2", "y"));
        assertThat(this.fixture.run("LIST @s1").rows()).extracting(row -> row.get(0))
            .containsExactly("one.csv", "two.csv");
    }

    @Test
    void copyIntoReportsABadValueWithItsFileAndLine() {
        this.fixture.run("CREATE TABLE bad(a INT)");
        stage("", "bad.csv", "1\n2\nx\n");
        assertThatThrownBy(() -> this.fixture.run("COPY INTO bad FROM @s1 FILE_FORMAT = (type = CSV)"))
            .isInstanceOfSatisfying(DatabendError.class, e -> {
                assertThat(e.code()).isEqualTo(1046);
                assertThat(e.getMessage()).isEqualTo("Invalid value 'x' for column 0 (a Int32 NULL): invalid text");
                assertThat(e.detail()).isEqualTo("at file 'bad.csv', line 3");
            });
    }

    @Test
    void listAndRemoveAStagePath() {
        stage("x", "1.csv", "1\n");
        stage("x", "2.csv", "22\n");
        assertThat(this.fixture.run("LIST @s1/x").rows()).extracting(row -> row.subList(0, 2))
            .containsExactly(List.of("x/1.csv", "2"), List.of("x/2.csv", "3"));
        this.fixture.run("REMOVE @s1/x/1.csv");
        assertThat(this.fixture.run("LIST @s1").rows()).extracting(row -> row.subList(0, 2))
            .containsExactly(List.of("x/2.csv", "3"));
    }

    @Test
    void listAnswersDatabendsColumnsWithTheQuotedMd5AndTheTimeStored() {
        stage("m", "abc.txt", "abc");
        EngineFixture.Result listed = this.fixture.run("LIST @s1/m");
        assertThat(listed.schema()).containsExactly(new SchemaField("name", "String"),
            new SchemaField("size", "UInt64"), new SchemaField("md5", "Nullable(String)"),
            new SchemaField("last_modified", "String"), new SchemaField("creator", "Nullable(String)"));
        List<String> row = listed.rows().get(0);
        assertThat(row.subList(0, 3)).containsExactly("m/abc.txt", "3", "\"900150983cd24fb0d6963f7d28e17f72\"");
        assertThat(row.get(3)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\+0000");
        assertThat(row.get(4)).isNull();
    }

    @Test
    void presignFailsAsOnAStorageThatCannotPresignWhenSwitchedOff() {
        this.fixture.engine.stages().presigned().supported(false);
        assertThatThrownBy(() -> this.fixture.run("PRESIGN UPLOAD @~/up/file.csv"))
            .isInstanceOfSatisfying(DatabendError.class, e -> {
                assertThat(e.code()).isEqualTo(3902);
                assertThat(e.getMessage()).isEqualTo("storage doesn't support presign operation");
            });
        this.fixture.engine.stages().presigned().supported(true);
        assertThat(this.fixture.run("PRESIGN UPLOAD @~/up/file.csv").rows()).hasSize(1);
    }

    @Test
    void presignAnswersMethodHeadersAndAUrlOfTheServer() {
        this.fixture.engine.servedAt("http://127.0.0.1:9999");
        EngineFixture.Result upload = this.fixture.run("PRESIGN UPLOAD @~/up/file.csv EXPIRE = 60");
        assertThat(upload.schema()).containsExactly(new SchemaField("method", "String"),
            new SchemaField("headers", "Variant"), new SchemaField("url", "String"));
        assertThat(upload.rows()).hasSize(1);
        assertThat(upload.rows().get(0).get(0)).isEqualTo("PUT");
        assertThat(upload.rows().get(0).get(1)).isEqualTo("{\"host\":\"127.0.0.1:9999\"}");
        assertThat(upload.rows().get(0).get(2)).matches("http://127\\.0\\.0\\.1:9999/v1/presigned/[0-9a-f]{32}");
        EngineFixture.Result download = this.fixture.run("presign @~/up/file.csv content_type = 'text/csv'");
        assertThat(download.rows().get(0).get(0)).isEqualTo("GET");
        assertThat(download.rows().get(0).get(1)).isEqualTo("{\"content-type\":\"text/csv\",\"host\":\"127.0.0.1:9999\"}");
        assertThatThrownBy(() -> this.fixture.run("PRESIGN UPLOAD"))
            .isInstanceOfSatisfying(DatabendError.class, e -> assertThat(e.code()).isEqualTo(1005));
    }

    @Test
    void aPresignedUrlAllowsItsMethodUntilItExpires() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        PresignedUrls urls = new PresignedUrls(clock);
        urls.serveAt("http://localhost:1");
        String url = urls.grant("PUT", "@~/a.csv", Duration.ofSeconds(60));
        String token = url.substring(url.lastIndexOf('/') + 1);
        assertThat(urls.find(token, "GET")).isNull();
        assertThat(urls.find(token, "PUT")).isEqualTo(
            new PresignedUrls.Grant("PUT", "@~/a.csv", Instant.parse("2026-01-01T00:01:00Z")));
        clock.now = Instant.parse("2026-01-01T00:00:59Z");
        assertThat(urls.find(token, "PUT")).isNotNull();
        clock.now = Instant.parse("2026-01-01T00:01:00Z");
        assertThat(urls.find(token, "PUT")).isNull();
        assertThat(urls.find("unknown", "PUT")).isNull();
    }

    private static final class MutableClock extends Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return this.now;
        }
    }
}
