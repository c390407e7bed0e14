package com.databend.r2dbc.examples;

import com.databend.r2dbc.tck.DatabendTarget;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

import java.util.List;

/**
 * The main job: Databend's bookstore tutorial three ways (plain R2DBC, Spring's DatabaseClient, the Spring Data
 * R2DBC application), against {@code DATABEND_URL} if it is set, else against the embedded server. Only this
 * launcher knows about the embedded server; the flows take a {@link ConnectionFactory} or an R2DBC URL.
 */
public final class Bookstore {

    private Bookstore() {
    }

    public static void main(String[] args) {
        try (DatabendTarget target = DatabendTarget.fromEnvironment()) {
            System.out.println("Bookstore against " + target);
            BookstoreUser.create(ConnectionFactories.get(target.r2dbcUrl("default"))).block();
            ConnectionFactory user1 = ConnectionFactories.get(userUrl(target, "default"));

            System.out.println("-- plain R2DBC");
            print(BookstoreR2dbc.run(user1).collectList().block());

            System.out.println("-- Spring DatabaseClient");
            print(BookstoreDatabaseClient.run(user1).collectList().block());

            System.out.println("-- Spring Data R2DBC repository with @Transactional");
            print(BookstoreSpringData.run(userUrl(target, "bookstore")));
        }
    }

    /** An R2DBC URL of the tutorial's user on {@code database}. */
    static String userUrl(DatabendTarget target, String database) {
        return target.r2dbcUrl(BookstoreUser.NAME, BookstoreUser.PASSWORD, database);
    }

    private static void print(List<String> books) {
        if (books == null || books.isEmpty()) {
            throw new IllegalStateException("the bookstore flow read no book back");
        }
        books.forEach(System.out::println);
    }
}
