package com.databend.r2dbc.examples;

import com.databend.r2dbc.examples.spring.Book;
import com.databend.r2dbc.examples.spring.BookController;
import com.databend.r2dbc.examples.spring.BookRepository;
import com.databend.r2dbc.examples.spring.BookService;
import com.databend.r2dbc.examples.spring.BookUploadController;
import com.databend.r2dbc.examples.spring.BookUploads;
import com.databend.r2dbc.examples.spring.BookstoreApplication;
import com.databend.r2dbc.examples.spring.UploadFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flows and the Spring application can be copied into an application that has only the driver (and Spring):
 * no class of theirs refers to the test-server module ({@code com.databend.r2dbc.tck}); only the launchers do.
 */
class CopyableFlowsTests {

    private static final String TEST_SERVER_PACKAGE = "com/databend/r2dbc/tck/";

    @Test
    void flowsAndApplicationReferToNoTestServerClass() throws IOException {
        List<Class<?>> copyable = List.of(BookstoreR2dbc.class, BookstoreDatabaseClient.class,
            BookstoreSpringData.class, BookstoreUser.class, BookstoreApplication.class, Book.class,
            BookController.class, BookRepository.class, BookService.class, BookUploadController.class,
            BookUploads.class, UploadFormat.class);
        for (Class<?> type : copyable) {
            assertThat(classFileText(type)).as(type.getName()).doesNotContain(TEST_SERVER_PACKAGE);
        }
    }

    @Test
    void launchersAreWhatStartTheTestServer() throws IOException {
        assertThat(classFileText(Bookstore.class)).contains(TEST_SERVER_PACKAGE + "DatabendTarget");
        assertThat(classFileText(BookstoreWeb.class)).contains(TEST_SERVER_PACKAGE + "DatabendTarget");
    }

    /** The class file read as Latin-1: the class names it refers to appear in its constant pool as text. */
    private static String classFileText(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            assertThat(in).as(type.getName() + ".class").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
