package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code PRESIGN} URLs served by the embedded server itself, as object storage serves them (docs/protocol.md §8.2). */
class PresignTests {

    @RegisterExtension
    static final EmbeddedServerExtension EMBEDDED = new EmbeddedServerExtension();

    private static DatabendTestServer server;

    private static Http http;

    @SuppressWarnings("unchecked")
    private static List<String> presign(String sql) {
        Http.Response response = http.query(sql);
        assertThat(response.json().get("error")).as(response.body()).isNull();
        List<List<String>> rows = (List<List<String>>) response.json().get("data");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static String path(String url) {
        assertThat(url).startsWith(server.baseUrl() + "/v1/presigned/");
        return url.substring(server.baseUrl().length());
    }

    @Test
    void anUploadUrlStoresTheBodyThatADownloadUrlServesBack() {
        assertThat(http.query("create table presigned_rows(a int, b string)").json().get("error")).isNull();
        List<String> upload = presign("PRESIGN UPLOAD @~/presign/rows.csv");
        assertThat(upload.get(0)).isEqualTo("PUT");
        assertThat(upload.get(1)).isEqualTo("{\"host\":\"" + server.baseUrl().substring("http://".length()) + "\"}");
        // no credentials: the URL is the credential
        Http anonymous = new Http(server.baseUrl());
        Http.Response put = anonymous.methodWithBody("PUT", path(upload.get(2)), "1,one\n2,two\n");
        assertThat(put.status()).isEqualTo(200);
        assertThat(anonymous.get(path(upload.get(2))).status()).isEqualTo(403);

        List<String> download = presign("PRESIGN DOWNLOAD @~/presign/rows.csv");
        assertThat(download.get(0)).isEqualTo("GET");
        Http.Response got = anonymous.get(path(download.get(2)));
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("1,one\n2,two\n");

        Http.Response inserted = http.query("insert into presigned_rows from @~/presign/rows.csv "
            + "file_format = (type = csv)");
        assertThat(inserted.json().get("error")).as(inserted.body()).isNull();
        assertThat(http.query("select a, b from presigned_rows order by a").json().get("data"))
            .isEqualTo(List.of(List.of("1", "one"), List.of("2", "two")));
        // INSERT ... FROM @stage removes the files it loaded, as Databend binds it
        assertThat(anonymous.get(path(download.get(2))).status()).isEqualTo(404);
    }

    @Test
    void anExpiredOrUnknownUrlIsRefusedAndAMissingFileIsNotFound() {
        Http anonymous = new Http(server.baseUrl());
        List<String> expired = presign("PRESIGN UPLOAD @~/presign/late.csv EXPIRE = 0");
        Http.Response late = anonymous.methodWithBody("PUT", path(expired.get(2)), "1\n");
        assertThat(late.status()).isEqualTo(403);
        assertThat(http.query("list @~/presign/late.csv").json().get("data")).isEqualTo(List.of());
        assertThat(anonymous.methodWithBody("PUT", "/v1/presigned/0123456789abcdef", "1\n").status())
            .isEqualTo(403);
        List<String> missing = presign("PRESIGN DOWNLOAD @~/presign/none.csv");
        assertThat(anonymous.get(path(missing.get(2))).status()).isEqualTo(404);
    }
}
