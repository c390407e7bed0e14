package com.databend.r2dbc.examples;

import com.databend.r2dbc.tck.DatabendTarget;

import java.util.List;

/**
 * The main job: Databend's bookstore tutorial three ways (plain R2DBC, Spring's DatabaseClient, the Spring Data
 * R2DBC application), against {@code DATABEND_URL} if it is set, else against the embedded server.
 */
public final class Bookstore {

    private Bookstore() {
    }

    public static void main(String[] args) {
        try (DatabendTarget target = DatabendTarget.fromEnvironment()) {
            System.out.println("Bookstore against " + target);
            BookstoreUser.create(target).block();

            System.out.println("-- plain R2DBC");
            print(BookstoreR2dbc.run(target).collectList().block());

            System.out.println("-- Spring DatabaseClient");
            print(BookstoreDatabaseClient.run(target).collectList().block());

            System.out.println("-- Spring Data R2DBC repository with @Transactional");
            print(BookstoreSpringData.run(target));
        }
    }

    private static void print(List<String> books) {
        if (books == null || books.isEmpty()) {
            throw new IllegalStateException("the bookstore flow read no book back");
        }
        books.forEach(System.out::println);
    }
}
