package com.databend.r2dbc.tck.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;

/**
 * An embedded server on a free port for the tests of one class: started before them, closed after them.
 *
 * <p>Register it on a static field with {@code @RegisterExtension}. Before the class's {@code @BeforeAll}
 * methods run, it sets the class's static fields of type {@link DatabendTestServer} to the server and those of
 * type {@link Http} to raw HTTP as root, as JUnit sets a static {@code @TempDir} field.
 */
public final class EmbeddedServerExtension implements BeforeAllCallback, AfterAllCallback {

    private final UnaryOperator<DatabendTestServer.Builder> options;

    private DatabendTestServer server;

    /** A server with the default options. */
    public EmbeddedServerExtension() {
        this(builder -> builder);
    }

    /** A server with {@code options} applied to a builder on port 0. */
    public EmbeddedServerExtension(UnaryOperator<DatabendTestServer.Builder> options) {
        this.options = options;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        this.server = this.options.apply(DatabendTestServer.builder().port(0)).start();
        Http http = Http.root(this.server.baseUrl());
        for (Field field : context.getRequiredTestClass().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) || Modifier.isFinal(field.getModifiers())) {
                continue;
            }
            if (field.getType() == DatabendTestServer.class) {
                set(field, this.server);
            } else if (field.getType() == Http.class) {
                set(field, http);
            }
        }
    }

    private static void set(Field field, Object value) throws IllegalAccessException {
        field.setAccessible(true);
        field.set(null, value);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        this.server.close();
    }
}
