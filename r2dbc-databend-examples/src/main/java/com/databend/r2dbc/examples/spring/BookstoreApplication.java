package com.databend.r2dbc.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The bookstore as a Spring Boot WebFlux service over Spring Data R2DBC ({@link BookController}), with an endpoint
 * that streams a CSV or NDJSON upload into a table ({@link BookUploadController}). Its only Databend configuration
 * is {@code spring.r2dbc.url=r2dbc:databend://...} and {@code spring.r2dbc.pool.*}.
 */
@SpringBootApplication
public class BookstoreApplication {

    public static void main(String[] args) {
        SpringApplication.run(BookstoreApplication.class, args);
    }
}
