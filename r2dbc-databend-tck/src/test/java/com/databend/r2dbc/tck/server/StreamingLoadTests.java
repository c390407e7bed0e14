package com.databend.r2dbc.tck.server;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /v1/streaming_load} (docs/protocol.md §8.4): a body read as it arrives, Databend's file-format options,
 * and bad rows reported with their line.
 */
class StreamingLoadTests {

    private static final String BOUNDARY = "----r2dbc-load";

    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    private static Http http;

    private static byte[] head(String fileName) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"" + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] TAIL = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);

    private static byte[] multipart(String fileName, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head(fileName));
        out.writeBytes(content);
        out.writeBytes(TAIL);
        return out.toByteArray();
    }

    private static Http.Response load(String sql, String fileName, byte[] content) {
        return http.methodWithBody("PUT", "/v1/streaming_load", multipart(fileName, content),
            "Content-Type", CONTENT_TYPE, "X-DATABEND-SQL", sql);
    }

    private static Http.Response load(String sql, String content) {
        return load(sql, "data.csv", content.getBytes(StandardCharsets.UTF_8));
    }

    private static Object rows(String sql) {
        Http.Response response = http.query(sql);
        assertThat(response.json().get("error")).as(response.body()).isNull();
        return response.json().get("data");
    }

    private static void create(String ddl) {
        assertThat(http.query(ddl).json().get("error")).isNull();
    }

    @Test
    void aMillionRowsLoadWhileTheyArriveWithoutMemoryGrowingWithTheBody() {
        create("create table bulk_load(id bigint, name varchar, score double)");
        GeneratedCsv body = new GeneratedCsv(1_000_000);
        Http.Response loaded = http.methodWithStream("PUT", "/v1/streaming_load", () -> body,
            "Content-Type", CONTENT_TYPE,
            "X-DATABEND-SQL", "insert into bulk_load from @_databend_load file_format = (type = csv)");

        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.at("stats.rows")).isEqualTo(1_000_000L);
        assertThat(loaded.at("stats.bytes")).isEqualTo(body.contentBytes);
        assertThat(rows("select count(*), sum(id), count(distinct name) from bulk_load"))
            .isEqualTo(List.of(List.of("1000000", "500000500000", "1000000")));
        assertThat(rows("select id, name, score from bulk_load where id in (1, 500000, 1000000) order by id"))
            .isEqualTo(List.of(List.of("1", "name-1", "1.5"), List.of("500000", "name-500000", "500000.5"),
                List.of("1000000", "name-1000000", "1000000.5")));
        // the server and this client share the heap and Netty's buffers: with the body held, one of them would have
        // grown by most of it
        long growth = body.heapAtNinetyPercent - body.heapAtTenPercent;
        long directGrowth = body.directAtNinetyPercent - body.directAtTenPercent;
        assertThat(body.contentBytes).isGreaterThan(25_000_000L);
        assertThat(growth).as("heap growth over 80%% of a %d-byte body", body.contentBytes)
            .isLessThan(body.contentBytes / 4);
        assertThat(directGrowth).as("growth of the direct memory of Netty's allocator over 80%% of a %d-byte body",
            body.contentBytes).isLessThan(body.contentBytes / 4);
    }

    @Test
    void csvOptionsDelimitersQuoteEscapeHeaderAndNullDisplay() {
        create("create table csv_options(a int, b varchar, c double)");
        Http.Response loaded = load("insert into csv_options from @_databend_load file_format = (type = csv "
                + "field_delimiter = '|' record_delimiter = '\\r\\n' quote = '\\'' escape = '\\\\' skip_header = 1 "
                + "null_display = 'NULL')",
            "a|b|c\r\n1|'x|y'|1.5\r\n2|'it\\'s'|NULL\r\n3|NULL|'2.5'\r\n");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.at("stats.rows")).isEqualTo(3L);
        assertThat(rows("select a, b, c from csv_options order by a")).isEqualTo(List.of(
            List.of("1", "x|y", "1.5"), Arrays.asList("2", "it's", null), Arrays.asList("3", null, "2.5")));
    }

    @Test
    void csvDefaultsReadDoubledAndBackslashedQuotesAndBackslashNAsNull() {
        create("create table csv_defaults(a int, b varchar)");
        Http.Response loaded = load("insert into csv_defaults (a, b) from @_databend_load file_format = (type = csv)",
            "1,\"say \"\"hi\"\"\"\n2,\"a \\\"b\\\"\"\r\n3,\\N\n\n4,\"line\nbreak\"\n");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(rows("select a, b from csv_defaults order by a")).isEqualTo(List.of(
            List.of("1", "say \"hi\""), List.of("2", "a \"b\""), Arrays.asList("3", null), List.of("4", "line\nbreak")));
    }

    @Test
    void tsvUnescapesAndReadsBackslashNAsNull() {
        create("create table tsv_load(a int, b varchar)");
        Http.Response loaded = load("insert into tsv_load from @_databend_load file_format = (type = tsv)",
            "1\ttab\\there\n2\t\\N\n3\tback\\\\slash\n");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(rows("select a, b from tsv_load order by a")).isEqualTo(List.of(
            List.of("1", "tab\there"), Arrays.asList("2", null), List.of("3", "back\\slash")));
    }

    @Test
    void ndjsonMatchesMembersToColumnsByName() {
        create("create table ndjson_load(a int, b varchar, c double)");
        Http.Response loaded = load("insert into ndjson_load from @_databend_load file_format = (type = ndjson)",
            "data.ndjson", ("{\"b\":\"x\",\"a\":1,\"c\":1.5}\n\n{\"a\":2,\"b\":null,\"extra\":[1]}\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(rows("select a, b, c from ndjson_load order by a")).isEqualTo(List.of(
            List.of("1", "x", "1.5"), Arrays.asList("2", null, null)));
    }

    @Test
    void gzipCompressionIsNamedOrDetectedFromTheFileName() {
        create("create table gzip_load(a int, b varchar)");
        Http.Response named = load("insert into gzip_load from @_databend_load file_format = (type = csv "
            + "compression = gzip)", "part1", gzip("1,one\n2,two\n"));
        assertThat(named.status()).as(named.body()).isEqualTo(200);
        Http.Response detected = load("insert into gzip_load from @_databend_load file_format = (type = csv "
            + "compression = auto)", "part2.csv.gz", gzip("3,three\n"));
        assertThat(detected.status()).as(detected.body()).isEqualTo(200);
        assertThat(rows("select a, b from gzip_load order by a")).isEqualTo(List.of(
            List.of("1", "one"), List.of("2", "two"), List.of("3", "three")));
    }

    @Test
    void aValueThatDoesNotConvertIsReportedWithItsLineAndNothingIsLoaded() {
        create("create table bad_value(a int, b varchar)");
        Http.Response failed = load("insert into bad_value from @_databend_load file_format = (type = csv "
            + "skip_header = 1)", "a,b\n1,x\n2,y\nthree,z\n4,w\n");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.at("error.code")).isEqualTo(400L);
        assertThat(failed.at("error.message")).isEqualTo("Query execution failed: Invalid value 'three' for column 0 "
            + "(a Int32 NULL): invalid text\nat file 'data.csv', line 4");
        assertThat(rows("select count(*) from bad_value")).isEqualTo(List.of(List.of("0")));
    }

    @Test
    void aRecordWithAnotherNumberOfFieldsIsReportedWithItsLine() {
        create("create table bad_width(a int, b varchar)");
        Http.Response failed = load("insert into bad_width from @_databend_load file_format = (type = csv)",
            "1,x\n2,\"multi\nline\"\n3\n");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.at("error.message")).isEqualTo("Query execution failed: Number of columns in file (1) "
            + "does not match that of the corresponding table (2)\nat file 'data.csv', line 4");
    }

    /** The session of a query response, as the JSON a client sends back. */
    private static String sessionOf(Http.Response response) {
        Map<?, ?> session = (Map<?, ?>) response.json().get("session");
        return "{\"txn_state\":\"" + session.get("txn_state") + "\",\"internal\":\""
            + ((String) session.get("internal")).replace("\"", "\\\"") + "\"}";
    }

    /** A load's answered context (base64url JSON), as the JSON a client sends back. */
    private static String sessionOf(String contextHeader) {
        Map<String, Object> session = Json.object(new String(Base64.getUrlDecoder().decode(contextHeader),
            StandardCharsets.UTF_8));
        return "{\"txn_state\":\"" + session.get("txn_state") + "\",\"internal\":\""
            + ((String) session.get("internal")).replace("\"", "\\\"") + "\"}";
    }

    private static Map<String, Object> loadedContext(Http.Response response) {
        String header = response.header("X-DATABEND-QUERY-CONTEXT");
        return Json.object(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8));
    }

    @Test
    void aLoadInsideATransactionContinuesItButDoesNotHandItOnAsDatabendDoes() {
        create("create table txn_load(a int)");
        Http.Response begin = http.query("begin");
        Http.Response insert = http.query("insert into txn_load values (1)", "\"session\":" + sessionOf(begin));
        assertThat(insert.json().get("error")).isNull();

        Http.Response loaded = http.methodWithBody("PUT", "/v1/streaming_load",
            multipart("data.csv", "2\n3\n".getBytes(StandardCharsets.UTF_8)), "Content-Type", CONTENT_TYPE,
            "X-DATABEND-SQL", "insert into txn_load from @_databend_load file_format = (type = csv)",
            "X-DATABEND-QUERY-CONTEXT", sessionOf(insert), "X-DATABEND-QUERY-ID", "txn-load");

        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.at("stats.rows")).isEqualTo(2L);
        Map<String, Object> context = loadedContext(loaded);
        assertThat(context.get("txn_state")).isEqualTo("Active");
        assertThat((String) context.get("internal")).contains("\"last_query_ids\":[\"txn-load\"]");
        String after = "\"session\":" + sessionOf(loaded.header("X-DATABEND-QUERY-CONTEXT"));
        Http.Response next = http.query("select count(*) from txn_load", after);
        assertThat(next.json().get("error")).isEqualTo(Map.of("code", 4003L,
            "message", "Transaction timeout: last_query_id txn-load not found on this server"));
        assertThat(Json.at(next.json(), "session.txn_state")).isEqualTo("Fail");
        assertThat(Json.at(http.query("rollback", "\"session\":" + sessionOf(next)).json(), "session.txn_state"))
            .isEqualTo("AutoCommit");
        assertThat(rows("select count(*) from txn_load")).isEqualTo(List.of(List.of("0")));
    }

    @Test
    void aFailedLoadInsideATransactionFailsIt() {
        create("create table txn_failed_load(a int)");
        Http.Response begin = http.query("begin");

        Http.Response failed = http.methodWithBody("PUT", "/v1/streaming_load",
            multipart("data.csv", "1\nx\n".getBytes(StandardCharsets.UTF_8)), "Content-Type", CONTENT_TYPE,
            "X-DATABEND-SQL", "insert into txn_failed_load from @_databend_load",
            "X-DATABEND-QUERY-CONTEXT", sessionOf(begin));

        assertThat(failed.status()).isEqualTo(400);
        assertThat(loadedContext(failed).get("txn_state")).isEqualTo("Fail");
        Http.Response next = http.query("select 1", "\"session\":" + sessionOf(failed.header(
            "X-DATABEND-QUERY-CONTEXT")));
        assertThat(Json.at(next.json(), "error.code")).isEqualTo(4002L);
    }

    @Test
    void aReplaceIsRefusedBeforeTheLoadAsDatabendsBinderRefusesIt() {
        create("create table replaced_load(k int, v varchar)");

        Http.Response refused = load("replace into replaced_load on (k) from @_databend_load "
            + "file_format = (type = csv)", "1,x\n");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error")).isEqualTo(Map.of("code", 400L,
            "message", "Unimplemented. Code: 1002, Text = Replace with streaming load not supported yet."));
    }

    @Test
    void aBodyWithoutTheClosingBoundaryFails() {
        create("create table truncated_load(a int)");
        byte[] truncated = Arrays.copyOf(multipart("data.csv", "1\n2\n".getBytes(StandardCharsets.UTF_8)),
            head("data.csv").length + 4);
        Http.Response failed = http.methodWithBody("PUT", "/v1/streaming_load", truncated,
            "Content-Type", CONTENT_TYPE, "X-DATABEND-SQL", "insert into truncated_load from @_databend_load");
        assertThat(failed.status()).isEqualTo(400);
        assertThat((String) failed.at("error.message")).contains("malformed multipart body: closing boundary not found");
        assertThat(rows("select count(*) from truncated_load")).isEqualTo(List.of(List.of("0")));
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A multipart body of {@code rows} CSV rows {@code id,name-id,id.5}, generated while it is sent; it notes the used
     * heap after a full collection, and the direct memory Netty's allocator holds, when a tenth and when nine
     * tenths of the rows have been sent.
     */
    private static final class GeneratedCsv extends InputStream {

        private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

        private final int rows;

        private byte[] pending = head("generated.csv");

        private int offset;

        private int row;

        private boolean tailSent;

        long contentBytes;

        long heapAtTenPercent;

        long heapAtNinetyPercent;

        long directAtTenPercent;

        long directAtNinetyPercent;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] target, int from, int length) {
            while (this.offset == this.pending.length) {
                if (!advance()) {
                    return -1;
                }
            }
            int count = Math.min(length, this.pending.length - this.offset);
            System.arraycopy(this.pending, this.offset, target, from, count);
            this.offset += count;
            return count;
        }

        private boolean advance() {
            if (this.row == this.rows) {
                if (this.tailSent) {
                    return false;
                }
                this.tailSent = true;
                next(TAIL);
                return true;
            }
            if (this.row == this.rows / 10) {
                this.heapAtTenPercent = usedHeap();
                this.directAtTenPercent = usedDirect();
            } else if (this.row == this.rows / 10 * 9) {
                this.heapAtNinetyPercent = usedHeap();
                this.directAtNinetyPercent = usedDirect();
            }
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 1000 && this.row < this.rows; i++) {
                this.row++;
                batch.append(this.row).append(",name-").append(this.row).append(',').append(this.row).append(".5\n");
            }
            byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
            this.contentBytes += bytes.length;
            next(bytes);
            return true;
        }

        private void next(byte[] bytes) {
            this.pending = bytes;
            this.offset = 0;
        }

        private static long usedDirect() {
            return ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric().usedDirectMemory();
        }

        private static long usedHeap() {
            System.gc();
            return MEMORY.getHeapMemoryUsage().getUsed();
        }
    }
}
