package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import com.databend.r2dbc.ScriptedDatabend.Request;
import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Starts {@link ScriptedDatabend} servers and connection factories for a test and closes them afterwards.
 *
 * <p>Register it with {@code @RegisterExtension}. What a test opens is closed after that test, in the reverse order
 * of opening; on a static field, what a {@code @BeforeAll} method opens is closed after the class.
 */
final class ScriptedDatabendExtension implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Deque<AutoCloseable> classScoped = new ArrayDeque<>();
    private final Deque<AutoCloseable> testScoped = new ArrayDeque<>();
    private volatile boolean inTest;
    private volatile ScriptedDatabend classServer;
    private volatile ScriptedDatabend server;

    /** A server answering with {@code script}. */
    ScriptedDatabend start(Function<Request, Reply> script) {
        return started(new ScriptedDatabend(script));
    }

    /** A server speaking HTTPS with {@code tls}. */
    ScriptedDatabend start(Function<Request, Reply> script, SslContext tls) {
        return started(new ScriptedDatabend(script, tls));
    }

    /** A server listening on {@code port}. */
    ScriptedDatabend start(Function<Request, Reply> script, int port) {
        return started(new ScriptedDatabend(script, port));
    }

    /** The server started last. */
    ScriptedDatabend server() {
        if (server == null) {
            throw new IllegalStateException("no scripted server started");
        }
        return server;
    }

    /** A factory for the server started last, with the options of {@link ScriptedDatabend#factory()}. */
    DatabendConnectionFactory factory() {
        return closeAfterwards(server().factory());
    }

    /** A factory for the server started last, with {@code options} applied over those of {@link #factory()}. */
    DatabendConnectionFactory factory(UnaryOperator<DatabendConnectionConfiguration.Builder> options) {
        return closeAfterwards(server().factory(options::apply));
    }

    /** {@code factory}, closed with the servers. */
    DatabendConnectionFactory closeAfterwards(DatabendConnectionFactory factory) {
        scope().push(() -> factory.close().block(CLOSE_TIMEOUT));
        return factory;
    }

    private ScriptedDatabend started(ScriptedDatabend started) {
        // on the same stack as the factories, so a factory made for this server is closed before it
        scope().push(started);
        server = started;
        if (!inTest) {
            classServer = started;
        }
        return started;
    }

    private Deque<AutoCloseable> scope() {
        return inTest ? testScoped : classScoped;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        inTest = false;
        server = classServer;
        closeAll(testScoped);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server = null;
        classServer = null;
        closeAll(classScoped);
    }

    private void closeAll(Deque<AutoCloseable> resources) throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
