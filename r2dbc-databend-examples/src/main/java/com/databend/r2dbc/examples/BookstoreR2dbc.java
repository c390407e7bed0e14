package com.databend.r2dbc.examples;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The tutorial's first flow (a driver cursor) through the plain R2DBC API: as {@code user1}, create the bookstore,
 * insert a book, read it back, drop everything.
 */
public final class BookstoreR2dbc {

    private BookstoreR2dbc() {
    }

    /**
     * Emits each book read back as "title author date". {@code factory} connects as the tutorial's user, e.g.
     * {@code ConnectionFactories.get("r2dbc:databend://user1:abc123@127.0.0.1:8000/default")}.
     */
    public static Flux<String> run(ConnectionFactory factory) {
        return Flux.usingWhen(factory.create(), BookstoreR2dbc::bookstore, Connection::close);
    }

    private static Flux<String> bookstore(Connection connection) {
        Mono<Void> setUp = BookstoreUser.run(connection,
            "CREATE DATABASE IF NOT EXISTS bookstore",
            "USE bookstore",
            "CREATE TABLE IF NOT EXISTS booklist(title VARCHAR, author VARCHAR, date VARCHAR)",
            "INSERT INTO booklist VALUES('Readings in Database Systems', 'Michael Stonebraker', '2004')");
        Flux<String> books = Flux.from(connection.createStatement("SELECT title, author, date FROM booklist").execute())
            .concatMap(result -> result.map((row, metadata) ->
                row.get("title", String.class) + " " + row.get("author", String.class) + " " + row.get("date", String.class)));
        Mono<Void> tearDown = BookstoreUser.run(connection, "DROP TABLE booklist", "DROP DATABASE bookstore");
        return setUp.thenMany(books).concatWith(tearDown.then(Mono.empty()));
    }
}
