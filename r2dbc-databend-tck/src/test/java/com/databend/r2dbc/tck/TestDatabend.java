package com.databend.r2dbc.tck;

import com.databend.r2dbc.tck.server.DatabendTestServer;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The Databend the driver's integration tests run against: {@code DATABEND_URL} when set, else the embedded
 * server, started once per JVM and closed when the JVM exits.
 */
public final class TestDatabend {

    private static DatabendTarget target;

    private TestDatabend() {
    }

    public static synchronized DatabendTarget target() {
        if (target == null) {
            DatabendTarget started = DatabendTarget.fromEnvironment();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-databend-shutdown"));
            target = started;
        }
        return target;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8000}: {@code DATABEND_URL} or the embedded server's. */
    public static String url() {
        return target().httpUrl().toString();
    }

    /** The embedded server, or {@code null} against a real Databend. */
    public static DatabendTestServer embedded() {
        return target().server();
    }

    /** A factory for the administrative user. */
    public static ConnectionFactory rootFactory(String database) {
        return ConnectionFactories.get(target().r2dbcUrl(database));
    }

    /** A factory from an R2DBC URL for {@code user}, plus extra URL query options (e.g. {@code "fetchSize=10"}). */
    public static ConnectionFactory factory(String user, String password, String database, String query) {
        String url = target().r2dbcUrl(user, password, database);
        return ConnectionFactories.get(query == null || query.isEmpty() ? url : url + "?" + query);
    }
}
