package com.databend.r2dbc.tck.server.sql;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StageUploadTests {

    private static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void storesEveryFilePartUnderTheStageAndRelativePath() throws java.io.IOException {
        StageStore store = new StageStore();
        String multipart = "--b0\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"books.csv\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n1,a\r\n2,b\r\n\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"more.csv\"\r\n\r\n3,c\n\r\n--b0--\r\n";
        List<String> files = StageUpload.store(store, "~", "2024/4/10/x", "multipart/form-data; boundary=b0",
            body(multipart));
        assertThat(files).containsExactly("books.csv", "more.csv");
        assertThat(new String(store.files("@~/2024/4/10/x/books.csv").get(0).content().open().readAllBytes(),
            StandardCharsets.UTF_8))
            .isEqualTo("1,a\r\n2,b\r\n");
        assertThat(store.files("@~/2024/4/10/x")).hasSize(2);
        assertThat(store.remove("@~/2024")).isEqualTo(2);
    }

    @Test
    void rejectsPartsWithoutFileNameAndNonMultipartBodies() {
        StageStore store = new StageStore();
        String multipart = "--b1\r\nContent-Disposition: form-data; name=\"upload\"\r\n\r\nx\r\n--b1--\r\n";
        assertThatThrownBy(() -> StageUpload.store(store, "s2", null, "multipart/form-data; boundary=b1",
            body(multipart))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Invalid form-data field 'upload': expected a file upload with a filename");
        assertThatThrownBy(() -> StageUpload.store(store, "s2", null, "application/json", body("{}")))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
