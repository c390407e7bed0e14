package com.databend.r2dbc.examples.spring;

import com.databend.r2dbc.tck.DatabendTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /books/upload}: CSV and NDJSON bodies streamed into a table, and the answers to bad uploads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// an answer awaited as long as the database calls of these tests: the first upload of a cold application on a busy
// machine may take longer than WebTestClient's default of 5 s
@AutoConfigureWebTestClient(timeout = "30s")
class BookUploadIntegrationTests {

    private static final DatabendTarget TARGET = DatabendTarget.fromEnvironment();

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    @Autowired
    private WebTestClient client;

    @Autowired
    private DatabaseClient database;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void databend(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TARGET.r2dbcUrl("default"));
    }

    @AfterAll
    static void stopServer() {
        TARGET.close();
    }

    @Test
    void csvUploadIsWrittenToTheBooklist() {
        String author = uniqueAuthor();
        String csv = "\"Readings in Database Systems\",\"" + author + "\",2004\n"
            + "\"Architecture of a Database System\",\"" + author + "\",2007\n";

        upload(CSV, "/books/upload", csv)
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.table").isEqualTo("booklist")
            .jsonPath("$.rows").isEqualTo(2)
            .jsonPath("$.bytes").isNumber()
            .jsonPath("$.queryId").isNotEmpty();

        assertThat(booksBy(author)).containsExactly(
            "Architecture of a Database System " + author + " 2007",
            "Readings in Database Systems " + author + " 2004");
    }

    @Test
    void csvHeaderIsSkippedWhenTheRequestSaysSo() {
        String author = uniqueAuthor();
        String csv = "title,author,date\n\"Transaction Processing\",\"" + author + "\",1992\n";

        upload(CSV, "/books/upload?header=true", csv)
            .expectStatus().isOk()
            .expectBody().jsonPath("$.rows").isEqualTo(1);

        assertThat(booksBy(author)).containsExactly("Transaction Processing " + author + " 1992");
    }

    @Test
    void ndjsonUploadMatchesMembersToColumnsByName() {
        String author = uniqueAuthor();
        String ndjson = "{\"author\":\"" + author + "\",\"title\":\"The Art of Computer Programming\",\"date\":\"1968\"}\n"
            + "{\"title\":\"Concrete Mathematics\",\"date\":\"1989\",\"author\":\"" + author + "\"}\n";

        upload(NDJSON, "/books/upload", ndjson)
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.table").isEqualTo("booklist")
            .jsonPath("$.rows").isEqualTo(2);

        assertThat(booksBy(author)).containsExactly(
            "Concrete Mathematics " + author + " 1989",
            "The Art of Computer Programming " + author + " 1968");
    }

    @Test
    void uploadGoesToTheTableTheRequestNames() {
        this.database.sql("CREATE TABLE IF NOT EXISTS upload_pairs (id INT, name VARCHAR)").then()
            .block(Duration.ofSeconds(30));
        String csv = IntStream.range(0, 1_000).mapToObj(i -> i + ",\"name " + i + "\"\n").collect(Collectors.joining());

        upload(CSV, "/books/upload?table=default.upload_pairs", csv)
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.table").isEqualTo("default.upload_pairs")
            .jsonPath("$.rows").isEqualTo(1_000);

        assertThat(this.database.sql("SELECT count(*) AS n, sum(id) AS total FROM upload_pairs")
            .map((row, metadata) -> List.of(row.get("n", Long.class), row.get("total", Long.class)))
            .one().block(Duration.ofSeconds(30)))
            .containsExactly(1_000L, 499_500L);
    }

    @Test
    void aBadRowIsAnsweredWithDatabendsMessageAndNothingIsWritten() {
        this.database.sql("CREATE TABLE IF NOT EXISTS upload_numbers (id INT, name VARCHAR)").then()
            .block(Duration.ofSeconds(30));
        String csv = IntStream.range(0, 1_000).mapToObj(i -> (i == 700 ? "not a number" : String.valueOf(i)) + ",x\n")
            .collect(Collectors.joining());

        upload(CSV, "/books/upload?table=upload_numbers", csv)
            .expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.error").value(String.class, error -> assertThat(error)
                .contains("not a number").contains("line 701").contains("[query id ").doesNotContain("\tat "))
            .jsonPath("$.code").isEqualTo(1046)
            .jsonPath("$.sqlState").isEqualTo("22000");

        assertThat(this.database.sql("SELECT count(*) AS n FROM upload_numbers")
            .map((row, metadata) -> row.get("n", Long.class)).one().block(Duration.ofSeconds(30))).isZero();
    }

    @Test
    void anUnknownTableIsABadRequest() {
        upload(CSV, "/books/upload?table=no_such_table", "a,b,c\n")
            .expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.error").value(String.class, error -> assertThat(error)
                .contains("Unknown table 'no_such_table'").contains("[query id "))
            .jsonPath("$.code").isNumber();
    }

    @Test
    void aTableNameThatIsNoIdentifierIsRefusedBeforeAnythingIsSent() {
        upload(CSV, "/books/upload?table=booklist; DROP TABLE books", "a,b,c\n")
            .expectStatus().isBadRequest()
            .expectBody()
            .jsonPath("$.error").isEqualTo("table must be a table name (letters, digits, '_', optionally"
                + " database.table), not 'booklist; DROP TABLE books'");
    }

    @Test
    void anotherContentTypeIsUnsupported() {
        upload(MediaType.TEXT_PLAIN, "/books/upload", "a,b,c\n")
            .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
            .expectBody()
            .jsonPath("$.status").isEqualTo(415)
            .jsonPath("$.trace").doesNotExist();
    }

    /**
     * Uploads refused before their body is read (another content type, a bad table name), then a good one, one after
     * the other on one kept-alive connection: each is answered, the refused bodies' bytes are not taken for the next
     * request, and the server keeps the connection open.
     */
    @Test
    void refusedUploadsLeaveTheirKeptAliveConnectionToTheNextRequest() throws IOException {
        String author = uniqueAuthor();
        String refusedBody = "a,b,c\n".repeat(3_000);
        try (Socket socket = new Socket("127.0.0.1", this.port)) {
            socket.setSoTimeout(30_000);
            assertThat(exchange(socket, "text/plain", "/books/upload", refusedBody)).startsWith("415 ");
            assertThat(exchange(socket, "text/csv", "/books/upload?table=no-table", refusedBody))
                .startsWith("400 ").contains("not 'no-table'");
            assertThat(exchange(socket, "text/csv", "/books/upload",
                "\"Database Internals\",\"" + author + "\",2019\n")).startsWith("200 ").contains("\"rows\":1");
        }
        assertThat(booksBy(author)).containsExactly("Database Internals " + author + " 2019");
    }

    /**
     * Sends {@code POST uri} with {@code body} on {@code socket} and reads its answer, which must keep the connection
     * open and say its length: {@code "<status> <body>"}.
     */
    private static String exchange(Socket socket, String contentType, String uri, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + uri + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
            + "\r\nContent-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(content);
        out.flush();
        InputStream in = socket.getInputStream();
        String status = line(in);
        int length = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            assertThat(lower).as("a header of the answer to " + uri).isNotEqualTo("connection: close");
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        assertThat(length).as("the length of the answer to " + uri).isNotNegative();
        return status.split(" ")[1] + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** One line of an HTTP head, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            assertThat(b).as("the end of the answer's head").isNotNegative();
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private WebTestClient.ResponseSpec upload(MediaType contentType, String uri, String body) {
        return this.client.post().uri(uri).contentType(contentType)
            .bodyValue(body.getBytes(StandardCharsets.UTF_8))
            .exchange();
    }

    /** The books of {@code author} in the booklist as "title author date", by title. */
    private List<String> booksBy(String author) {
        return this.database.sql("SELECT title, author, date FROM booklist WHERE author = :author ORDER BY title")
            .bind("author", author)
            .map((row, metadata) -> row.get("title", String.class) + " " + row.get("author", String.class) + " "
                + row.get("date", String.class))
            .all().collectList().block(Duration.ofSeconds(30));
    }

    private static String uniqueAuthor() {
        return "author-" + UUID.randomUUID();
    }
}
