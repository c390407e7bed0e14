package com.databend.r2dbc.spring;

import com.databend.r2dbc.internal.Assert;
import io.r2dbc.spi.ConnectionFactory;

final class DatabendFactories {

    static final String PRODUCT_NAME = "Databend";

    private DatabendFactories() {
    }

    /** True for our factory and for wrappers such as r2dbc-pool, which report the wrapped factory's metadata. */
    static boolean isDatabend(ConnectionFactory connectionFactory) {
        Assert.requireNonNull(connectionFactory, "connectionFactory must not be null");
        return PRODUCT_NAME.equalsIgnoreCase(connectionFactory.getMetadata().getName());
    }
}
