package com.databend.r2dbc.examples;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tutorial's second flow (a DB-API connector) through Spring's {@link DatabaseClient} with named parameters.
 * Each call may run on a connection of its own, so table names are qualified with the database.
 */
public final class BookstoreDatabaseClient {

    private BookstoreDatabaseClient() {
    }

    /** Emits each book read back as "title author date". {@code factory} connects as the tutorial's user. */
    public static Flux<String> run(ConnectionFactory factory) {
        DatabaseClient client = DatabaseClient.create(factory);
        Mono<Void> setUp = client.sql("CREATE DATABASE IF NOT EXISTS bookstore").then()
            .then(client.sql("CREATE TABLE IF NOT EXISTS bookstore.booklist(title VARCHAR, author VARCHAR, date VARCHAR)").then())
            .then(client.sql("INSERT INTO bookstore.booklist VALUES(:title, :author, :date)")
                .bind("title", "Readings in Database Systems")
                .bind("author", "Michael Stonebraker")
                .bind("date", "2004")
                .fetch().rowsUpdated().then());
        Flux<String> books = client.sql("SELECT title, author, date FROM bookstore.booklist WHERE author = :author")
            .bind("author", "Michael Stonebraker")
            .map((row, metadata) -> row.get("title", String.class) + " " + row.get("author", String.class) + " "
                + row.get("date", String.class))
            .all();
        Mono<Void> tearDown = client.sql("DROP TABLE bookstore.booklist").then()
            .then(client.sql("DROP DATABASE bookstore").then());
        return setUp.thenMany(books).concatWith(tearDown.then(Mono.empty()));
    }
}
