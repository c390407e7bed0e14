package com.databend.r2dbc.tck;

import com.databend.r2dbc.tck.server.DatabendTestServer;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Databend that integration tests, the TCK and the examples talk to: the one named by the environment variable
 * {@code DATABEND_URL} ({@code http[s]://user:password@host:port}), or else the embedded Databend-compatible server,
 * started in-process on a free port.
 */
public final class DatabendTarget implements AutoCloseable {

    public static final String ENVIRONMENT_VARIABLE = "DATABEND_URL";

    private final URI httpUrl;

    private final String user;

    private final String password;

    private final DatabendTestServer server;

    private DatabendTarget(URI httpUrl, String user, String password, DatabendTestServer server) {
        this.httpUrl = httpUrl;
        this.user = user;
        this.password = password;
        this.server = server;
    }

    /** {@code DATABEND_URL} when it is set and not blank, else a newly started embedded server (closed by {@link #close()}). */
    public static DatabendTarget fromEnvironment() {
        String configured = System.getenv(ENVIRONMENT_VARIABLE);
        return configured == null || configured.isBlank() ? embedded() : of(configured.trim());
    }

    /** A target for a running server, e.g. {@code http://root:@127.0.0.1:8000}. */
    public static DatabendTarget of(String url) {
        URI uri = URI.create(Objects.requireNonNull(url, "url must not be null"));
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + " must be an http or https URL such as "
                + "http://user:password@host:8000, not one with scheme " + uri.getScheme());
        }
        String userInfo = uri.getRawUserInfo();
        String user = "root";
        String password = "";
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 8000;
        return new DatabendTarget(URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + port), user, password, null);
    }

    public static DatabendTarget embedded() {
        DatabendTestServer server = DatabendTestServer.builder().port(0).start();
        return new DatabendTarget(URI.create(server.baseUrl()), "root", "", server);
    }

    /** This target's user and password at another address, e.g. a proxy in front of it; closing it closes nothing. */
    public DatabendTarget at(URI httpUrl) {
        return new DatabendTarget(Objects.requireNonNull(httpUrl, "httpUrl must not be null"), this.user,
            this.password, null);
    }

    /** The server's base URL without credentials, e.g. {@code http://127.0.0.1:8000}. */
    public URI httpUrl() {
        return this.httpUrl;
    }

    /** The administrative user that the target was given (root on the embedded server). */
    public String user() {
        return this.user;
    }

    public String password() {
        return this.password;
    }

    /** True when this target is the embedded server rather than a real Databend. */
    public boolean isEmbedded() {
        return this.server != null;
    }

    /** The embedded server, for tests that observe it; {@code null} against a real Databend. */
    public DatabendTestServer server() {
        return this.server;
    }

    /** An R2DBC URL for the target as the administrative user. */
    public String r2dbcUrl(String database) {
        return r2dbcUrl(this.user, this.password, database);
    }

    /** An R2DBC URL for the target as the given user, e.g. {@code r2dbc:databend://user1:abc123@127.0.0.1:8000/bookstore}. */
    public String r2dbcUrl(String user, String password, String database) {
        String scheme = "https".equals(this.httpUrl.getScheme()) ? "r2dbcs" : "r2dbc";
        return scheme + ":databend://" + encode(user) + ":" + encode(password) + "@" + this.httpUrl.getHost() + ":"
            + this.httpUrl.getPort() + "/" + encode(database);
    }

    /** A databend-jdbc URL for the target, e.g. {@code jdbc:databend://127.0.0.1:8000/default?ssl=false}. */
    public String jdbcUrl(String database) {
        boolean tls = "https".equals(this.httpUrl.getScheme());
        return "jdbc:databend://" + this.httpUrl.getHost() + ":" + this.httpUrl.getPort() + "/" + database
            + "?ssl=" + tls;
    }

    @Override
    public void close() {
        if (this.server != null) {
            this.server.close();
        }
    }

    @Override
    public String toString() {
        return "DatabendTarget{" + this.httpUrl + (isEmbedded() ? ", embedded" : "") + "}";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
