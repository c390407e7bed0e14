package com.databend.r2dbc.examples;

import com.databend.r2dbc.examples.spring.Book;
import com.databend.r2dbc.examples.spring.BookService;
import com.databend.r2dbc.examples.spring.BookstoreApplication;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The tutorial's third flow (an engine with two connections and a transaction) through the Spring Boot application:
 * one pooled connection stores the book inside a {@code @Transactional} service method while a second pooled
 * connection checks that it cannot see the book yet; once the transaction has committed, the repository reads it
 * back.
 */
public final class BookstoreSpringData {

    private BookstoreSpringData() {
    }

    /**
     * Runs the flow and returns each book read back as "title author date". {@code url} is the application's
     * {@code spring.r2dbc.url}: the tutorial's user on the bookstore's database, e.g.
     * {@code r2dbc:databend://user1:abc123@127.0.0.1:8000/bookstore}. The flow creates that database first, through
     * a connection to database {@code default}, and drops it at the end.
     */
    public static List<String> run(String url) {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(url);
        String database = String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.DATABASE));
        ConnectionFactory user1 = ConnectionFactories.get(
            options.mutate().option(ConnectionFactoryOptions.DATABASE, "default").build());
        onConnection(user1, "CREATE DATABASE IF NOT EXISTS " + database).block();
        try {
            SpringApplication application = new SpringApplication(BookstoreApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            try (ConfigurableApplicationContext context = application.run(
                "--spring.r2dbc.url=" + url, "--spring.main.banner-mode=off")) {
                BookService books = context.getBean(BookService.class);
                ConnectionFactory pool = context.getBean(ConnectionFactory.class);
                Book book = Book.create("Readings in Database Systems", "Michael Stonebraker", "2004");
                Long seenByTheOtherConnection = books.addThen(book, countOnAnotherConnection(pool, book)).block();
                if (seenByTheOtherConnection == null || seenByTheOtherConnection != 0) {
                    throw new IllegalStateException("another connection saw the book before its transaction committed");
                }
                return books.findById(book.getId()).map(Book::toString).flux().collectList().block();
            }
        }
        finally {
            onConnection(user1, "DROP TABLE IF EXISTS " + database + ".books")
                .then(onConnection(user1, "DROP TABLE IF EXISTS " + database + ".booklist"))
                .then(onConnection(user1, "DROP DATABASE " + database))
                .block();
        }
    }

    /** Counts the book through a connection of its own, outside the transaction that is storing it. */
    private static Mono<Long> countOnAnotherConnection(ConnectionFactory pool, Book book) {
        return Mono.usingWhen(pool.create(),
            connection -> Flux.from(connection.createStatement("SELECT count(*) AS n FROM books WHERE id = ?")
                    .bind(0, book.getId())
                    .execute())
                .concatMap(result -> result.map((row, metadata) -> row.get("n", Long.class)))
                .single(),
            Connection::close);
    }

    private static Mono<Void> onConnection(ConnectionFactory factory, String sql) {
        return Mono.usingWhen(factory.create(),
            connection -> Flux.from(connection.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then(),
            Connection::close);
    }
}
