package com.databend.r2dbc.spring;

import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.binding.BindMarkersFactory;
import org.springframework.r2dbc.core.binding.BindMarkersFactoryResolver;

/**
 * Tells Spring R2DBC's {@code DatabaseClient} to expand named parameters into Databend's {@code ?} markers.
 * Registered in {@code META-INF/spring.factories}.
 */
public final class DatabendBindMarkersFactoryProvider implements BindMarkersFactoryResolver.BindMarkerFactoryProvider {

    @Override
    public @Nullable BindMarkersFactory getBindMarkers(ConnectionFactory connectionFactory) {
        return DatabendFactories.isDatabend(connectionFactory) ? DatabendDialect.INSTANCE.getBindMarkersFactory() : null;
    }
}
