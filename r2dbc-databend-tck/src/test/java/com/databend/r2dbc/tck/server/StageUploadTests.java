package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code PUT /v1/upload_to_stage}, INSERT with a {@code stage_attachment} and streaming load
 * (docs/protocol.md §2.4, §8).
 */
class StageUploadTests {

    private static final String BOUNDARY = "----r2dbc-boundary";

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    private static Http http;

    private static String multipart(String field, String fileName, String content) {
        return "--" + BOUNDARY + "\r\n"
            + "Content-Disposition: form-data; name=\"" + field + "\""
            + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + content + "\r\n--" + BOUNDARY + "--\r\n";
    }

    private static Http.Response upload(String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "multipart/form-data; boundary=" + BOUNDARY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.methodWithBody("PUT", "/v1/upload_to_stage", body, all);
    }

    @Test
    void uploadedFileFeedsAnInsertWithStageAttachment() {
        assertThat(http.query("create table staged_books(id int, title string)").json().get("error")).isNull();
        Http.Response uploaded = upload(multipart("upload", "books.csv", "1,Dune\n2,Emma\n"),
            "X-DATABEND-STAGE-NAME", "~", "X-DATABEND-RELATIVE-PATH", "2024/batch1");
        assertThat(uploaded.status()).isEqualTo(200);
        Map<String, Object> body = uploaded.json();
        assertThat(Json.keys(body)).containsExactly("id", "stage_name", "state", "files");
        assertThat(body.get("stage_name")).isEqualTo("~");
        assertThat(body.get("state")).isEqualTo("SUCCESS");
        assertThat(body.get("files")).isEqualTo(List.of("books.csv"));

        Map<String, Object> insert = http.query("insert into staged_books (id, title) values",
            "\"stage_attachment\":{\"location\":\"@~/2024/batch1/books.csv\",\"file_format_options\":{\"type\":\"CSV\"},"
                + "\"copy_options\":{\"purge\":\"true\"}}").json();
        assertThat(insert.get("error")).isNull();
        assertThat(Json.at(insert, "stats.write_progress.rows")).isEqualTo(2L);
        assertThat(http.query("select id, title from staged_books order by id").json().get("data"))
            .isEqualTo(List.of(List.of("1", "Dune"), List.of("2", "Emma")));
    }

    @Test
    void uploadsNeedAStageNameAndFileParts() {
        assertThat(upload(multipart("upload", "a.csv", "1\n")).status()).isEqualTo(400);
        Http.Response noFileName = upload(multipart("upload", null, "1\n"), "X-DATABEND-STAGE-NAME", "~");
        assertThat(noFileName.status()).isEqualTo(400);
        assertThat((String) noFileName.at("error.message"))
            .isEqualTo("Invalid form-data field 'upload': expected a file upload with a filename");
        assertThat(http.method("POST", "/v1/upload_to_stage").status()).isEqualTo(405);
    }

    private static Http.Response streamingLoad(String csv, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "multipart/form-data; boundary=" + BOUNDARY;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return http.methodWithBody("PUT", "/v1/streaming_load", multipart("upload", "data.csv", csv), all);
    }

    @Test
    void streamingLoadAnswersAsGoldenEighteen() {
        assertThat(http.query("create table streaming_load_08(c1 string, c2 int)").json().get("error")).isNull();
        String sql = "insert into streaming_load_08 from @_databend_load file_format = (type=csv)";
        Http.Response loaded = streamingLoad("2020-01-02,110\n", "X-DATABEND-SQL", sql,
            "X-DATABEND-QUERY-ID", "load-csv", "X-DATABEND-QUERY-CONTEXT", "{}");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(Json.keys(loaded.json())).containsExactly("id", "stats");
        assertThat(loaded.at("id")).isEqualTo("load-csv");
        assertThat(loaded.at("stats.rows")).isEqualTo(1L);
        assertThat(loaded.at("stats.bytes")).isInstanceOf(Long.class);
        String context = new String(java.util.Base64.getUrlDecoder().decode(loaded.header("X-DATABEND-QUERY-CONTEXT")),
            java.nio.charset.StandardCharsets.UTF_8);
        String golden = Golden.read("18_streaming_load_response_and_query_context_header.result.txt");
        assertThat(golden).contains(context + "\n");
        assertThat(http.query("select c1, c2 from streaming_load_08").json().get("data"))
            .isEqualTo(List.of(List.of("2020-01-02", "110")));

        Http.Response withoutContext = streamingLoad("2020-01-03,111\n", "X-DATABEND-SQL",
            "insert into streaming_load_08 (c1, c2) from @_databend_load file_format = (type = 'CSV')");
        assertThat(withoutContext.status()).as(withoutContext.body()).isEqualTo(200);
        assertThat(withoutContext.header("X-DATABEND-QUERY-CONTEXT")).isNull();
        assertThat(withoutContext.at("stats.rows")).isEqualTo(1L);
    }

    @Test
    void streamingLoadErrorsAre400() {
        Http.Response noSql = streamingLoad("1\n");
        assertThat(noSql.status()).isEqualTo(400);
        assertThat(noSql.body()).isEqualTo(
            "{\"error\":{\"code\":400,\"message\":\"Missing required header X-DATABEND-SQL in request\"}}");
        Http.Response select = streamingLoad("1\n", "X-DATABEND-SQL", "select 1");
        assertThat(select.status()).isEqualTo(400);
        assertThat((String) select.at("error.message"))
            .isEqualTo("Only INSERT statements are supported in streaming load. Got: select 1");
        Http.Response missingTable = streamingLoad("1\n", "X-DATABEND-SQL",
            "insert into no_such_table from @_databend_load file_format=(type=csv)", "X-DATABEND-QUERY-CONTEXT", "{}");
        assertThat(missingTable.status()).isEqualTo(400);
        assertThat((String) missingTable.at("error.message")).startsWith("Query execution failed: ");
        // the context of golden 18, naming the failed load's query
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(missingTable.header("X-DATABEND-QUERY-CONTEXT")),
            java.nio.charset.StandardCharsets.UTF_8)).matches(java.util.regex.Pattern.quote(
                "{\"need_sticky\":false,\"need_keep_alive\":false,\"internal\":\"{\\\"last_query_ids\\\":[\\\"")
            + "[0-9a-f]{32}" + java.util.regex.Pattern.quote("\\\"]}\"}"));
    }

    @Test
    void stageAttachmentMustNameALocation() {
        Http.Response response = http.query("insert into staged_books values", "\"stage_attachment\":{}");
        assertThat(response.status()).isEqualTo(400);
        assertThat((String) response.at("error.message")).startsWith("parse error: missing field `location`");
    }
}
