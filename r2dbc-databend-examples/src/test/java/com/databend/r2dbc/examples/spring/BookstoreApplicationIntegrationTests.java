package com.databend.r2dbc.examples.spring;

import com.databend.r2dbc.tck.DatabendTarget;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class BookstoreApplicationIntegrationTests {

    private static final DatabendTarget TARGET = DatabendTarget.fromEnvironment();

    @Autowired
    private WebTestClient client;

    @Autowired
    private BookRepository repository;

    @Autowired
    private ConnectionFactory connectionFactory;

    @DynamicPropertySource
    static void databend(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> TARGET.r2dbcUrl("default"));
    }

    @AfterAll
    static void stopServer() {
        TARGET.close();
    }

    @Test
    void postedBookIsServedByIdAndInTheList() {
        String author = uniqueAuthor();
        Map<String, String> created = this.client.post().uri("/books")
            .bodyValue(Map.of("title", "Readings in Database Systems", "author", author, "date", "2004"))
            .exchange()
            .expectStatus().isCreated()
            .expectBody(new ParameterizedTypeReference<Map<String, String>>() { })
            .returnResult().getResponseBody();
        assertThat(created).containsEntry("title", "Readings in Database Systems").containsEntry("author", author);
        String id = created.get("id");

        this.client.get().uri("/books/{id}", id).exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.id").isEqualTo(id)
            .jsonPath("$.title").isEqualTo("Readings in Database Systems")
            .jsonPath("$.author").isEqualTo(author)
            .jsonPath("$.date").isEqualTo("2004");

        this.client.get().uri("/books").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$[?(@.id == '" + id + "')].author").isEqualTo(author);
    }

    @Test
    void unknownBookIsNotFound() {
        this.client.get().uri("/books/{id}", UUID.randomUUID().toString()).exchange()
            .expectStatus().isNotFound()
            .expectBody().isEmpty();
    }

    @Test
    void transactionalPairStoresBothBooks() {
        String author = uniqueAuthor();
        this.client.post().uri("/books/pair")
            .bodyValue(List.of(Map.of("title", "First", "author", author, "date", "2001"),
                Map.of("title", "Second", "author", author, "date", "2002")))
            .exchange()
            .expectStatus().isCreated()
            .expectBody().jsonPath("$.length()").isEqualTo(2);

        assertThat(this.repository.findByAuthor(author).map(Book::getTitle).collectList().block(Duration.ofSeconds(30)))
            .containsExactlyInAnyOrder("First", "Second");
    }

    @Test
    void transactionalPairStoresNeitherBookWhenTheSecondFails() {
        String author = uniqueAuthor();
        Map<String, String> untitled = new HashMap<>();
        untitled.put("title", null);
        untitled.put("author", author);
        untitled.put("date", "2002");

        this.client.post().uri("/books/pair")
            .bodyValue(List.of(Map.of("title", "Kept only with its pair", "author", author, "date", "2001"), untitled))
            .exchange()
            .expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
            .expectBody(String.class).value(message -> assertThat(message).isNotBlank());

        assertThat(this.repository.findByAuthor(author).collectList().block(Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void healthIndicatorValidatesTheConnectionFactory() {
        this.client.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
            .jsonPath("$.components.r2dbc.details.database").isEqualTo("Databend");
    }

    @Test
    void everyPooledConnectionIsReturned() {
        // every response body is read: an unread body keeps its buffers, and the run checks for leaks
        this.client.get().uri("/books").exchange().expectStatus().isOk().expectBody().jsonPath("$").isArray();
        this.client.get().uri("/actuator/health").exchange().expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");

        assertThat(this.connectionFactory).isInstanceOf(ConnectionPool.class);
        PoolMetrics metrics = ((ConnectionPool) this.connectionFactory).getMetrics().orElseThrow();
        assertThat(metrics.acquiredSize()).isZero();
        assertThat(metrics.allocatedSize()).isPositive();
    }

    private static String uniqueAuthor() {
        return "author-" + UUID.randomUUID();
    }
}
