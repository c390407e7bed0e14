package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.internal.codec.PageCells;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cells of {@code data} found in the body's bytes are the strings a JSON parser reads there. */
class DataScannerTests {

    @Test
    void escapesAndMultiByteCharactersAreRead() throws IOException {
        PageCells cells = cells("{\"data\":[[\"a\\\"b\",\"\\\\\",\"\\u00e9\\n\\t\\/\",\"\\ud83d\\ude00\","
            + "\"Zürich 日本 \uD83D\uDE00\",\"\",null]]}");

        assertThat(rows(cells)).containsExactly(
            new String[] {"a\"b", "\\", "é\n\t/", "\uD83D\uDE00", "Zürich 日本 \uD83D\uDE00", "", null});
    }

    @Test
    void whiteSpaceRaggedRowsAndEmptyRows() throws IOException {
        PageCells cells = cells("{ \"data\" : [\n  [ \"a\" ] ,\r\n\t[\"b\" , null,\"c\"],[ ],[\"d\"]\n] , \"x\": 1}");

        assertThat(cells.rowCount()).isEqualTo(4);
        assertThat(rows(cells)).containsExactly(new String[] {"a"}, new String[] {"b", null, "c"}, new String[0],
            new String[] {"d"});
        assertThat(cells.text(0, 1)).isNull();
        assertThat(cells.width(2)).isZero();
    }

    @Test
    void otherJsonValuesAreKeptAsTheirText() throws IOException {
        PageCells cells = cells("{\"data\":[[1, true, -2.5e3, [1, \"]\"], {\"a\": \"}\\\"\"}, false]]}");

        assertThat(rows(cells)).containsExactly(
            new String[] {"1", "true", "-2.5e3", "[1, \"]\"]", "{\"a\": \"}\\\"\"}", "false"});
    }

    @Test
    void aValueWhereARowShouldBeIsARowOfOneCell() throws IOException {
        assertThat(rows(cells("{\"data\":[\"a\",[\"b\",\"c\"],null]}"))).containsExactly(new String[] {"a"},
            new String[] {"b", "c"}, new String[] {null});
    }

    @Test
    void emptyAndMissingDataHaveNoRows() throws IOException {
        assertThat(cells("{\"data\":[]}").rowCount()).isZero();
        assertThat(cells("{\"data\":null}").rowCount()).isZero();
        assertThat(cells("{\"state\":\"Running\"}").rowCount()).isZero();
    }

    @Test
    void rowsLongerThanTheFirstStillFit() throws IOException {
        StringBuilder body = new StringBuilder("{\"data\":[[\"0\",\"\"]");
        for (int i = 1; i < 5_000; i++) {
            body.append(",[\"").append(i).append("\",\"").append("x".repeat(i % 50)).append("\"]");
        }
        PageCells cells = cells(body.append("]}").toString());

        assertThat(cells.rowCount()).isEqualTo(5_000);
        for (int i = 0; i < 5_000; i++) {
            assertThat(cells.text(i, 0)).isEqualTo(Integer.toString(i));
            assertThat(cells.text(i, 1)).isEqualTo("x".repeat(i % 50));
        }
    }

    @Test
    void randomStringsReadBackAsWritten() throws IOException {
        Random random = new Random(20_261_130L);
        for (int page = 0; page < 40; page++) {
            List<String[]> rows = new ArrayList<>();
            for (int row = 0; row < 50; row++) {
                String[] cells = new String[1 + random.nextInt(4)];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = random.nextInt(10) == 0 ? null : randomText(random);
                }
                rows.add(cells);
            }
            // half the pages escape every non-ASCII character, as some servers and proxies do
            PageCells cells = cells(write(rows, page % 2 == 0));

            assertThat(rows(cells)).as("page " + page).containsExactlyElementsOf(rows);
        }
    }

    @Test
    void membersAfterTheDataArrayAreRead() throws IOException {
        QueryResponse page = ResponseParser.parseQueryResponse(("{\"id\":\"q1\",\"data\":[[\"1\"],[\"2\"]] ,\n"
            + " \"state\":\"Succeeded\",\"error\":null,\"stats\":{\"write_progress\":{\"rows\":7,\"bytes\":9}},"
            + "\"next_uri\":null,\"final_uri\":\"/v1/query/q1/final\"}").getBytes(StandardCharsets.UTF_8));

        assertThat(page.rowsAsStrings()).containsExactly(new String[] {"1"}, new String[] {"2"});
        assertThat(page.id()).isEqualTo("q1");
        assertThat(page.state()).isEqualTo("Succeeded");
        assertThat(page.writtenRows()).isEqualTo(7);
        assertThat(page.nextUri()).isNull();
        assertThat(page.finalUri()).isEqualTo("/v1/query/q1/final");
        assertThat(cells("{\"data\":[[\"a\"]]}").text(0, 0)).isEqualTo("a");
        assertThat(cells("{\"data\":[[\"a\"]] }").text(0, 0)).isEqualTo("a");
    }

    @Test
    void malformedDataIsRefused() {
        List<String> malformed = List.of(
            "[[\"a\",]]", "[[\"a\"]", "[[\"a\\x\"]]", "[[\"a\"],]", "[[\"a\" \"b\"]]", "[[\"a\"] [\"b\"]]",
            "[[\"a\tb\"]]", "[[\"a\\u12G4\"]]", "[[\"a\\u12", "[[\"abc", "[[\"a\"", "[[nul]]", "[[nulls]]",
            "[[True]]", "[[01]]", "[[1.]]", "[[-]]", "[[1e]]", "[[.5]]", "[[+1]]", "[[{\"a\" 1}]]", "[[{\"a\":1,}]]",
            "[[{1:2}]]", "[[[1,2]]", "[[\"a\"]]]", "[[\"a\"]] \"x\":1}", "[[\"a\"]],}", "[");
        for (String data : malformed) {
            assertThatThrownBy(() -> cells("{\"data\":" + data + "}")).as(data).isInstanceOf(IOException.class);
        }
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[][] texts = {{(byte) 0xC3}, {(byte) 0xC3, 'a'}, {(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xE6, (byte) 0x97}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};
        byte[] head = "{\"data\":[[\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"]]}".getBytes(StandardCharsets.US_ASCII);
        for (byte[] text : texts) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(head);
            body.writeBytes(text);
            body.writeBytes(tail);
            assertThatThrownBy(() -> ResponseParser.parseQueryResponse(body.toByteArray()))
                .as(Arrays.toString(text)).isInstanceOf(IOException.class);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(6)) {
                case 0 -> text.append("\"\\/".charAt(random.nextInt(3)));
                case 1 -> text.append((char) random.nextInt(0x20));
                case 2 -> text.appendCodePoint(0x80 + random.nextInt(0xD800 - 0x80));
                case 3 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                default -> text.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return text.toString();
    }

    private static String write(List<String[]> rows, boolean escapeNonAscii) throws IOException {
        JsonFactory factory = JsonFactory.builder().configure(JsonWriteFeature.ESCAPE_NON_ASCII, escapeNonAscii)
            .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = factory.createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("data");
            for (String[] row : rows) {
                json.writeStartArray();
                for (String cell : row) {
                    json.writeString(cell);
                }
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private static PageCells cells(String body) throws IOException {
        return ResponseParser.parseQueryResponse(body.getBytes(StandardCharsets.UTF_8)).cells();
    }

    private static List<String[]> rows(PageCells cells) {
        return cells.toStrings();
    }
}
