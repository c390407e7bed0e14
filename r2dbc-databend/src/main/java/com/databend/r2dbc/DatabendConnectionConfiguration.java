package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Immutable settings of a {@link DatabendConnectionFactory}: where the server is, who logs in, how TLS is
 * verified, and the Databend session the connections start with. Build it with {@link #builder()}.
 */
public final class DatabendConnectionConfiguration {

    public static final int DEFAULT_HTTP_PORT = 8000;
    public static final int DEFAULT_HTTPS_PORT = 443;
    public static final String DEFAULT_USER = "root";
    public static final String DEFAULT_DATABASE = "default";

    private final String host;
    private final int port;
    private final boolean ssl;
    private final String user;
    private final @Nullable CharSequence password;
    private final @Nullable CharSequence accessToken;
    private final @Nullable String accessTokenFile;
    private final @Nullable String privateKeyFile;
    private final @Nullable CharSequence privateKeyPassphrase;
    private final boolean sessionToken;
    private final String database;
    private final @Nullable String role;
    private final @Nullable String warehouse;
    private final @Nullable String tenant;
    private final @Nullable ZoneId timezone;
    private final Map<String, String> settings;
    private final Duration connectTimeout;
    private final @Nullable Duration statementTimeout;
    private final int waitTimeSecs;
    private final int maxRowsPerPage;
    private final Duration pageRequestTimeout;
    private final Duration heartbeatInterval;
    private final boolean prefetch;
    private final int retryCount;
    private final @Nullable String sslRootCert;
    private final @Nullable String trustStore;
    private final @Nullable CharSequence trustStorePassword;
    private final boolean sslTrustAll;
    private final int maxHttpConnections;
    private final ParameterMode parameterMode;
    private final PresignMode presign;

    private DatabendConnectionConfiguration(Builder builder) {
        this.host = requireNonNull(builder.host, "host must not be null");
        this.ssl = builder.ssl;
        this.port = builder.port != null ? builder.port : (builder.ssl ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT);
        this.user = builder.user;
        this.password = builder.password;
        this.accessToken = builder.accessToken;
        this.accessTokenFile = builder.accessTokenFile;
        this.privateKeyFile = builder.privateKeyFile;
        this.privateKeyPassphrase = builder.privateKeyPassphrase;
        this.sessionToken = builder.sessionToken;
        this.database = builder.database;
        this.role = builder.role;
        this.warehouse = builder.warehouse;
        this.tenant = builder.tenant;
        this.timezone = builder.timezone;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(builder.settings));
        this.connectTimeout = builder.connectTimeout;
        this.statementTimeout = builder.statementTimeout;
        this.waitTimeSecs = builder.waitTimeSecs;
        this.maxRowsPerPage = builder.maxRowsPerPage;
        this.pageRequestTimeout = builder.pageRequestTimeout;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.prefetch = builder.prefetch;
        this.retryCount = builder.retryCount;
        this.sslRootCert = builder.sslRootCert;
        this.trustStore = builder.trustStore;
        this.trustStorePassword = builder.trustStorePassword;
        this.sslTrustAll = builder.sslTrustAll;
        this.maxHttpConnections = builder.maxHttpConnections;
        this.parameterMode = builder.parameterMode;
        this.presign = builder.presign;
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid option port: " + port);
        }
        int tokenSources = (accessToken != null ? 1 : 0) + (accessTokenFile != null ? 1 : 0)
                + (privateKeyFile != null ? 1 : 0);
        if (tokenSources > 1) {
            throw new IllegalArgumentException("Give at most one of the options accessToken, accessTokenFile and "
                    + "privateKeyFile");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public boolean ssl() {
        return ssl;
    }

    public String user() {
        return user;
    }

    /** The password, or {@code null}; never printed. */
    public @Nullable CharSequence password() {
        return password;
    }

    /** The Bearer token, or {@code null}; never printed. */
    public @Nullable CharSequence accessToken() {
        return accessToken;
    }

    /** A file holding the Bearer token, read again after the server refused it, or {@code null}. */
    public @Nullable String accessTokenFile() {
        return accessTokenFile;
    }

    /**
     * A PKCS#8 PEM file of the private key whose public key is registered for {@link #user()} (key-pair
     * authentication), or {@code null}.
     */
    public @Nullable String privateKeyFile() {
        return privateKeyFile;
    }

    /** The passphrase of an encrypted {@link #privateKeyFile()}, or {@code null}; never printed. */
    public @Nullable CharSequence privateKeyPassphrase() {
        return privateKeyPassphrase;
    }

    /** Whether each connection logs in for session tokens and authenticates with them; {@code false} unless set. */
    public boolean sessionToken() {
        return sessionToken;
    }

    public String database() {
        return database;
    }

    public @Nullable String role() {
        return role;
    }

    public @Nullable String warehouse() {
        return warehouse;
    }

    public @Nullable String tenant() {
        return tenant;
    }

    /** The session time zone asked for, or {@code null} for the server's default. */
    public @Nullable ZoneId timezone() {
        return timezone;
    }

    /** Databend session settings sent with every query, name to value. */
    public Map<String, String> settings() {
        return settings;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public @Nullable Duration statementTimeout() {
        return statementTimeout;
    }

    public int waitTimeSecs() {
        return waitTimeSecs;
    }

    public int maxRowsPerPage() {
        return maxRowsPerPage;
    }

    public Duration pageRequestTimeout() {
        return pageRequestTimeout;
    }

    /**
     * How often an idle session that holds server-side state ({@code need_keep_alive}, {@code need_sticky}) sends a
     * heartbeat; zero for never.
     */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** Whether the next page of a result is requested while its subscriber drains the current one. */
    public boolean prefetch() {
        return prefetch;
    }

    public int retryCount() {
        return retryCount;
    }

    public @Nullable String sslRootCert() {
        return sslRootCert;
    }

    public @Nullable String trustStore() {
        return trustStore;
    }

    public @Nullable CharSequence trustStorePassword() {
        return trustStorePassword;
    }

    public boolean sslTrustAll() {
        return sslTrustAll;
    }

    public int maxHttpConnections() {
        return maxHttpConnections;
    }

    /** How bound values travel; {@link ParameterMode#AUTO} unless set. */
    public ParameterMode parameterMode() {
        return parameterMode;
    }

    /** How files go to stages; {@link PresignMode#AUTO} unless set. */
    public PresignMode presign() {
        return presign;
    }

    /** {@code http(s)://host:port}, without a trailing slash. */
    public String baseUrl() {
        String hostPart = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return (ssl ? "https://" : "http://") + hostPart + ":" + port;
    }

    @Override
    public String toString() {
        return "DatabendConnectionConfiguration{"
                + "baseUrl=" + baseUrl()
                + ", user=" + user
                + ", password=" + (password == null ? "null" : "***")
                + ", accessToken=" + (accessToken == null ? "null" : "***")
                + ", accessTokenFile=" + accessTokenFile
                + ", privateKeyFile=" + privateKeyFile
                + ", privateKeyPassphrase=" + (privateKeyPassphrase == null ? "null" : "***")
                + ", sessionToken=" + sessionToken
                + ", database=" + database
                + ", role=" + role
                + ", warehouse=" + warehouse
                + ", tenant=" + tenant
                + ", timezone=" + timezone
                + ", settings=" + settings
                + ", connectTimeout=" + connectTimeout
                + ", statementTimeout=" + statementTimeout
                + ", waitTimeSecs=" + waitTimeSecs
                + ", maxRowsPerPage=" + maxRowsPerPage
                + ", pageRequestTimeout=" + pageRequestTimeout
                + ", heartbeatInterval=" + heartbeatInterval
                + ", prefetch=" + prefetch
                + ", retryCount=" + retryCount
                + ", sslRootCert=" + sslRootCert
                + ", trustStore=" + trustStore
                + ", sslTrustAll=" + sslTrustAll
                + ", parameterMode=" + parameterMode
                + ", presign=" + presign
                + '}';
    }

    public static final class Builder {

        private @Nullable String host;
        private @Nullable Integer port;
        private boolean ssl;
        private String user = DEFAULT_USER;
        private @Nullable CharSequence password;
        private @Nullable CharSequence accessToken;
        private @Nullable String accessTokenFile;
        private @Nullable String privateKeyFile;
        private @Nullable CharSequence privateKeyPassphrase;
        private boolean sessionToken;
        private String database = DEFAULT_DATABASE;
        private @Nullable String role;
        private @Nullable String warehouse;
        private @Nullable String tenant;
        private @Nullable ZoneId timezone;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private @Nullable Duration statementTimeout;
        private int waitTimeSecs = 10;
        private int maxRowsPerPage = 10_000;
        private Duration pageRequestTimeout = Duration.ofSeconds(60);
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private boolean prefetch = true;
        private int retryCount = 3;
        private @Nullable String sslRootCert;
        private @Nullable String trustStore;
        private @Nullable CharSequence trustStorePassword;
        private boolean sslTrustAll;
        private int maxHttpConnections = 128;
        private ParameterMode parameterMode = ParameterMode.AUTO;
        private PresignMode presign = PresignMode.AUTO;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Assert.requireNonNull(host, "host must not be null");
            return this;
        }

        public Builder port(int port) {
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("Invalid option port: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder ssl(boolean ssl) {
            this.ssl = ssl;
            return this;
        }

        public Builder user(String user) {
            this.user = Assert.requireNonNull(user, "user must not be null");
            return this;
        }

        public Builder password(@Nullable CharSequence password) {
            this.password = password;
            return this;
        }

        public Builder accessToken(@Nullable CharSequence accessToken) {
            this.accessToken = accessToken;
            return this;
        }

        public Builder accessTokenFile(@Nullable String accessTokenFile) {
            this.accessTokenFile = accessTokenFile;
            return this;
        }

        public Builder privateKeyFile(@Nullable String privateKeyFile) {
            this.privateKeyFile = privateKeyFile;
            return this;
        }

        public Builder privateKeyPassphrase(@Nullable CharSequence privateKeyPassphrase) {
            this.privateKeyPassphrase = privateKeyPassphrase;
            return this;
        }

        public Builder sessionToken(boolean sessionToken) {
            this.sessionToken = sessionToken;
            return this;
        }

        public Builder database(String database) {
            this.database = Assert.requireNonNull(database, "database must not be null");
            return this;
        }

        public Builder role(@Nullable String role) {
            this.role = role;
            return this;
        }

        public Builder warehouse(@Nullable String warehouse) {
            this.warehouse = warehouse;
            return this;
        }

        public Builder tenant(@Nullable String tenant) {
            this.tenant = tenant;
            return this;
        }

        public Builder timezone(@Nullable ZoneId timezone) {
            this.timezone = timezone;
            return this;
        }

        public Builder setting(String name, String value) {
            Assert.requireNonNull(name, "name must not be null");
            Assert.requireNonNull(value, "value must not be null");
            this.settings.put(name, value);
            return this;
        }

        /** Adds every setting of {@code settings}, name to value. */
        public Builder settings(Map<String, String> settings) {
            Assert.requireNonNull(settings, "settings must not be null");
            settings.forEach(this::setting);
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive("connectTimeout", connectTimeout);
            return this;
        }

        public Builder statementTimeout(@Nullable Duration statementTimeout) {
            this.statementTimeout = statementTimeout == null || statementTimeout.isZero() ? null
                    : positive("statementTimeout", statementTimeout);
            return this;
        }

        public Builder waitTimeSecs(int waitTimeSecs) {
            if (waitTimeSecs < 0) {
                throw new IllegalArgumentException("Invalid option waitTimeSecs: " + waitTimeSecs);
            }
            this.waitTimeSecs = waitTimeSecs;
            return this;
        }

        public Builder maxRowsPerPage(int maxRowsPerPage) {
            if (maxRowsPerPage <= 0) {
                throw new IllegalArgumentException("Invalid option maxRowsPerPage: " + maxRowsPerPage);
            }
            this.maxRowsPerPage = maxRowsPerPage;
            return this;
        }

        public Builder pageRequestTimeout(Duration pageRequestTimeout) {
            this.pageRequestTimeout = positive("pageRequestTimeout", pageRequestTimeout);
            return this;
        }

        /** Zero turns the session heartbeats off; default 15 s, as bendsql. */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            requireNonNull(heartbeatInterval, "heartbeatInterval must not be null");
            this.heartbeatInterval = heartbeatInterval.isZero() ? heartbeatInterval
                    : positive("heartbeatInterval", heartbeatInterval);
            return this;
        }

        public Builder prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        public Builder retryCount(int retryCount) {
            if (retryCount < 0) {
                throw new IllegalArgumentException("Invalid option retryCount: " + retryCount);
            }
            this.retryCount = retryCount;
            return this;
        }

        public Builder sslRootCert(@Nullable String sslRootCert) {
            this.sslRootCert = sslRootCert;
            return this;
        }

        public Builder trustStore(@Nullable String trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        public Builder trustStorePassword(@Nullable CharSequence trustStorePassword) {
            this.trustStorePassword = trustStorePassword;
            return this;
        }

        public Builder sslTrustAll(boolean sslTrustAll) {
            this.sslTrustAll = sslTrustAll;
            return this;
        }

        public Builder maxHttpConnections(int maxHttpConnections) {
            if (maxHttpConnections <= 0) {
                throw new IllegalArgumentException("Invalid option maxHttpConnections: " + maxHttpConnections);
            }
            this.maxHttpConnections = maxHttpConnections;
            return this;
        }

        public Builder parameterMode(ParameterMode parameterMode) {
            this.parameterMode = Assert.requireNonNull(parameterMode, "parameterMode must not be null");
            return this;
        }

        public Builder presign(PresignMode presign) {
            this.presign = Assert.requireNonNull(presign, "presign must not be null");
            return this;
        }

        public DatabendConnectionConfiguration build() {
            return new DatabendConnectionConfiguration(this);
        }

        private static Duration positive(String name, @Nullable Duration value) {
            Assert.requireNonNull(value, name + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("Invalid option " + name + ": " + value);
            }
            return value;
        }
    }
}
