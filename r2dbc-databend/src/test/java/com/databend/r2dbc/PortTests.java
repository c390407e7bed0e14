package com.databend.r2dbc;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The port of a URL, of one digit to five, is the port the driver connects to. */
class PortTests {

    private static final String PASSWORD = "pw-P0rt-secret";

    private DatabendConnectionFactory factory;

    @AfterEach
    void tearDown() {
        if (factory != null) {
            factory.close().block(Duration.ofSeconds(5));
        }
    }

    private Throwable login(int port) {
        factory = (DatabendConnectionFactory) ConnectionFactories.get("r2dbc:databend://u:" + PASSWORD
                + "@127.0.0.1:" + port + "/default?retryCount=0&connectTimeout=PT5S");
        return catchThrowable(() -> factory.create().block(Duration.ofSeconds(10)));
    }

    private static boolean somethingListensOn(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 80, 8000, 65535})
    void theUrlPortIsTheConfiguredPort(int port) {
        DatabendConnectionConfiguration configuration = DatabendConnectionFactoryProvider.toConfiguration(
                ConnectionFactoryOptions.parse("r2dbc:databend://u:pw@127.0.0.1:" + port + "/default"));
        assertThat(configuration.port()).isEqualTo(port);
        assertThat(configuration.host()).isEqualTo("127.0.0.1");
    }

    /** Where nothing listens the connect is refused at that port; where something does, it is reached. */
    @ParameterizedTest
    @ValueSource(ints = {9, 80, 8000, 65535})
    void theDriverGoesWhereAPlainSocketGoes(int port) {
        boolean listening = somethingListensOn(port);
        Throwable error = login(port);
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            assertThat(cause).isNotInstanceOf(UnknownHostException.class);
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD);
        }
        if (!listening) {
            assertThat(error).isInstanceOf(R2dbcTransientResourceException.class)
                    .hasMessageContaining("refused").hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void aClosedPortReadsAsRefusedNamingThePort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Throwable error = login(port);
        assertThat(error).isInstanceOf(R2dbcTransientResourceException.class)
                .hasMessageContaining("Connection refused").hasMessageContaining("127.0.0.1:" + port);
        assertThat(error.toString()).doesNotContain(PASSWORD);
        assertThat(error.getCause().toString()).doesNotContain(PASSWORD);
    }
}
