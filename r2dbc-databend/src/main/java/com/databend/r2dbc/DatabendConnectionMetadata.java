package com.databend.r2dbc;

import io.r2dbc.spi.ConnectionMetadata;
import org.jspecify.annotations.Nullable;

/** Product name and the server version learnt at login. */
final class DatabendConnectionMetadata implements ConnectionMetadata {

    private final String version;

    DatabendConnectionMetadata(@Nullable String version) {
        this.version = version == null || version.isEmpty() ? "unknown" : version;
    }

    @Override
    public String getDatabaseProductName() {
        return "Databend";
    }

    @Override
    public String getDatabaseVersion() {
        return version;
    }

    @Override
    public String toString() {
        return "Databend " + version;
    }
}
