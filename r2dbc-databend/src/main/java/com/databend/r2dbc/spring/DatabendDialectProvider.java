package com.databend.r2dbc.spring;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.data.r2dbc.dialect.DialectResolver;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;

import java.util.Optional;

/**
 * Lets Spring Data R2DBC pick {@link DatabendDialect} for any connection factory whose metadata names Databend,
 * also behind r2dbc-pool. Registered in {@code META-INF/spring.factories}.
 */
public final class DatabendDialectProvider implements DialectResolver.R2dbcDialectProvider {

    @Override
    public Optional<R2dbcDialect> getDialect(ConnectionFactory connectionFactory) {
        return DatabendFactories.isDatabend(connectionFactory) ? Optional.of(DatabendDialect.INSTANCE) : Optional.empty();
    }
}
