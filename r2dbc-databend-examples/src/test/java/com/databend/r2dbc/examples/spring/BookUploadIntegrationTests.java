package com.databend.r2dbc.examples.spring;

import com.databend.r2dbc.tck.DatabendTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /books/upload}: CSV and NDJSON bodies streamed into a table, and the answers to bad uploads. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BookUploadIntegrationTests {

    private static final DatabendTarget TARGET = DatabendTarget.fromEnvironment();

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    @Autowired
    private WebTestClient client;

    @Autowired
    private DatabaseClient database;

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
     * Each upload on a connection of its own: a request refused before its body was read (415, a bad table name)
     * leaves the body's bytes on a kept-alive connection, where the next request on it would follow them.
     */
    private WebTestClient.ResponseSpec upload(MediaType contentType, String uri, String body) {
        return this.client.post().uri(uri).contentType(contentType)
            .header(HttpHeaders.CONNECTION, "close")
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
