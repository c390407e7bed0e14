package com.databend.r2dbc.examples;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The tutorial's user: {@code user1} / {@code abc123}, created by the administrative user with every privilege. */
final class BookstoreUser {

    static final String NAME = "user1";

    static final String PASSWORD = "abc123";

    private BookstoreUser() {
    }

    /** Creates the user (if it does not exist) through {@code admin}, a factory of a user allowed to do so. */
    static Mono<Void> create(ConnectionFactory admin) {
        return Mono.usingWhen(admin.create(),
            connection -> run(connection,
                "CREATE USER IF NOT EXISTS " + NAME + " IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT ALL ON *.* TO " + NAME),
            Connection::close);
    }

    static Mono<Void> run(Connection connection, String... statements) {
        return Flux.fromArray(statements)
            .concatMap(sql -> Flux.from(connection.createStatement(sql).execute()).concatMap(result -> result.getRowsUpdated()))
            .then();
    }
}
