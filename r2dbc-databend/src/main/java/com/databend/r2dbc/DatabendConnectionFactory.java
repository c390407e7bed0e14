package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.client.HttpTransport;
import com.databend.r2dbc.internal.client.SessionTokens;
import io.r2dbc.spi.Closeable;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates Databend sessions. All connections of one factory share its HTTP client and connection pool;
 * {@link #close()} releases the pool.
 */
public final class DatabendConnectionFactory implements ConnectionFactory, Closeable {

    private static final ConnectionFactoryMetadata METADATA = () -> "Databend";

    private final DatabendConnectionConfiguration configuration;
    private final HttpTransport transport;

    public DatabendConnectionFactory(DatabendConnectionConfiguration configuration) {
        this.configuration = Assert.requireNonNull(configuration, "configuration must not be null");
        this.transport = HttpTransport.create(configuration);
    }

    public DatabendConnectionConfiguration configuration() {
        return configuration;
    }

    /**
     * Logs in when subscribed (docs/protocol.md §7), so bad credentials fail here; cancelling the subscription aborts
     * it. With {@code sessionToken}, each connection has its own session tokens.
     */
    @Override
    public Mono<io.r2dbc.spi.Connection> create() {
        return Mono.defer(() -> {
            Map<String, String> settings = new LinkedHashMap<>(configuration.settings());
            if (configuration.timezone() != null) {
                settings.put("timezone", configuration.timezone().getId());
            }
            HttpTransport connectionTransport = configuration.sessionToken()
                    ? transport.withCredentials(SessionTokens.of(transport.credentials())) : transport;
            ClientSession session = new ClientSession(connectionTransport, configuration.database(),
                    configuration.role(), settings);
            return session.login(configuration.database(), configuration.role(), settings)
                    .<io.r2dbc.spi.Connection>map(version -> new DatabendConnection(configuration, session, version));
        });
    }

    @Override
    public ConnectionFactoryMetadata getMetadata() {
        return METADATA;
    }

    @Override
    public Mono<Void> close() {
        return transport.closeLater();
    }

    @Override
    public String toString() {
        return "DatabendConnectionFactory{" + configuration + '}';
    }
}
