package com.databend.r2dbc.examples;

import com.databend.r2dbc.examples.spring.Book;
import com.databend.r2dbc.examples.spring.BookService;
import com.databend.r2dbc.examples.spring.BookstoreApplication;
import com.databend.r2dbc.tck.DatabendTarget;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
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

    /** Runs the flow and returns each book read back as "title author date". */
    public static List<String> run(DatabendTarget target) {
        ConnectionFactory user1 = ConnectionFactories.get(BookstoreUser.url(target, "default"));
        onConnection(user1, "CREATE DATABASE IF NOT EXISTS bookstore").block();
        try {
            SpringApplication application = new SpringApplication(BookstoreApplication.class);
            application.setWebApplicationType(WebApplicationType.NONE);
            try (ConfigurableApplicationContext context = application.run(
                "--spring.r2dbc.url=" + BookstoreUser.url(target, "bookstore"), "--spring.main.banner-mode=off")) {
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
            onConnection(user1, "DROP TABLE IF EXISTS bookstore.books").then(onConnection(user1, "DROP DATABASE bookstore")).block();
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
