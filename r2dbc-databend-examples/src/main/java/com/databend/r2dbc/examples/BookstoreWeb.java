package com.databend.r2dbc.examples;

import com.databend.r2dbc.examples.spring.BookstoreApplication;
import com.databend.r2dbc.tck.DatabendTarget;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Starts the bookstore's WebFlux application against {@code DATABEND_URL} if it is set, else against the embedded
 * server started in-process, and prints the URL it listens on. It serves until it is stopped (Ctrl-C); the
 * embedded server stops with it. Arguments go to Spring Boot, e.g. {@code --server.port=0} for a free port.
 */
public final class BookstoreWeb {

    /** The start of the line that tells where the application listens: the URL follows it. */
    public static final String LISTENING = "Bookstore WebFlux application listening on ";

    private BookstoreWeb() {
    }

    public static void main(String[] args) {
        DatabendTarget target = DatabendTarget.fromEnvironment();
        SpringApplication.getShutdownHandlers().add(target::close);
        String[] arguments = Stream.concat(Stream.of("--spring.r2dbc.url=" + target.r2dbcUrl("default")),
            Arrays.stream(args)).toArray(String[]::new);
        ConfigurableApplicationContext context = SpringApplication.run(BookstoreApplication.class, arguments);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        System.out.println(LISTENING + "http://localhost:" + port + " (Databend: " + target.httpUrl() + ")");
        System.out.flush();
    }
}
