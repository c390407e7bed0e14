package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import static io.r2dbc.spi.ConnectionFactoryOptions.CONNECT_TIMEOUT;
import static io.r2dbc.spi.ConnectionFactoryOptions.DATABASE;
import static io.r2dbc.spi.ConnectionFactoryOptions.DRIVER;
import static io.r2dbc.spi.ConnectionFactoryOptions.HOST;
import static io.r2dbc.spi.ConnectionFactoryOptions.PASSWORD;
import static io.r2dbc.spi.ConnectionFactoryOptions.PORT;
import static io.r2dbc.spi.ConnectionFactoryOptions.PROTOCOL;
import static io.r2dbc.spi.ConnectionFactoryOptions.SSL;
import static io.r2dbc.spi.ConnectionFactoryOptions.STATEMENT_TIMEOUT;
import static io.r2dbc.spi.ConnectionFactoryOptions.USER;

/**
 * Creates {@link DatabendConnectionFactory} instances for {@code r2dbc:databend://} (HTTP) and
 * {@code r2dbcs:databend://} (HTTPS) URLs, and for r2dbc-pool, which passes an empty protocol.
 * <p>
 * Every option is read from its typed value or from its String form, as the URL query string gives it
 * ({@code ?waitTimeSecs=5&pageRequestTimeout=30s}). Durations are a {@link Duration}, a number of milliseconds,
 * an ISO-8601 text ({@code PT30S}) or a number with a unit ({@code 500ms}, {@code 30s}, {@code 2m}).
 */
public final class DatabendConnectionFactoryProvider implements ConnectionFactoryProvider {

    public static final String DATABEND_DRIVER = "databend";

    /** The session's role; the server's default when absent. */
    public static final Option<String> ROLE = Option.valueOf("role");

    /** Sent as {@code X-DATABEND-WAREHOUSE} with every request. */
    public static final Option<String> WAREHOUSE = Option.valueOf("warehouse");

    /** Sent as {@code X-DATABEND-TENANT} with every request. */
    public static final Option<String> TENANT = Option.valueOf("tenant");

    /** A Bearer token, used instead of user and password. Never printed. */
    public static final Option<CharSequence> ACCESS_TOKEN = Option.sensitiveValueOf("accessToken");

    /**
     * A file holding a Bearer token, used instead of user and password and read again when the server refuses the
     * token (a token that rotates). The path is printed, never the token.
     */
    public static final Option<String> ACCESS_TOKEN_FILE = Option.valueOf("accessTokenFile");

    /**
     * A PKCS#8 PEM private key file ({@code BEGIN PRIVATE KEY}, or {@code BEGIN ENCRYPTED PRIVATE KEY} with
     * {@link #PRIVATE_KEY_PASSPHRASE}; RSA, EC P-256/P-384 or Ed25519) for Databend's key-pair authentication of
     * {@code user}. The path is printed, never the key or a JWT.
     */
    public static final Option<String> PRIVATE_KEY_FILE = Option.valueOf("privateKeyFile");

    /** The passphrase of an encrypted {@link #PRIVATE_KEY_FILE}. Never printed. */
    public static final Option<CharSequence> PRIVATE_KEY_PASSPHRASE = Option.sensitiveValueOf("privateKeyPassphrase");

    /**
     * Whether each connection logs in for a session token and a refresh token and authenticates its requests with
     * the session token, refreshed before it expires; default {@code false}.
     */
    public static final Option<Boolean> SESSION_TOKEN = Option.valueOf("sessionToken");

    /** The session's {@code timezone} setting; timestamps are read in it. A {@link ZoneId} or its id. */
    public static final Option<ZoneId> TIMEZONE = Option.valueOf("timezone");

    /** Seconds a page request may wait on the server for rows (long poll); 0 or more, default 10. */
    public static final Option<Integer> WAIT_TIME_SECS = Option.valueOf("waitTimeSecs");

    /** Rows per page; more than 0, default 10000. A statement's fetch size overrides it. */
    public static final Option<Integer> MAX_ROWS_PER_PAGE = Option.valueOf("maxRowsPerPage");

    /** Response timeout of one HTTP request, on top of {@link #WAIT_TIME_SECS}; more than 0, default 60 s. */
    public static final Option<Duration> PAGE_REQUEST_TIMEOUT = Option.valueOf("pageRequestTimeout");

    /**
     * How often an idle connection whose session holds temp tables or sticks to a node ({@code need_keep_alive},
     * {@code need_sticky}) sends a heartbeat, so the server keeps the session; default 15 s, zero for never.
     */
    public static final Option<Duration> HEARTBEAT_INTERVAL = Option.valueOf("heartbeatInterval");

    /**
     * Whether the next page of a result is requested as soon as a page arrives, so that the server works while the
     * subscriber drains the rows it holds (at most two pages held); {@code false} requests a page only when the
     * subscriber wants more rows than are held. Default {@code true}.
     */
    public static final Option<Boolean> PREFETCH = Option.valueOf("prefetch");

    /** Retries of a start or page request after a connect error or a 502, 503 or 504; 0 or more, default 3. */
    public static final Option<Integer> RETRY_COUNT = Option.valueOf("retryCount");

    /**
     * As in Databend's DSN: {@code disable} means HTTP; {@code enable}, {@code require}, {@code verify-ca} and
     * {@code verify-full} mean HTTPS.
     */
    public static final Option<String> SSL_MODE = Option.valueOf("sslmode");

    /** A PEM file of the CA certificates to trust, instead of the JVM's trust store. */
    public static final Option<String> SSL_ROOT_CERT = Option.valueOf("sslRootCert");

    /** A key store file of the certificates to trust, instead of the JVM's trust store. */
    public static final Option<String> TRUST_STORE = Option.valueOf("trustStore");

    /** The password of {@link #TRUST_STORE}. Never printed. */
    public static final Option<CharSequence> TRUST_STORE_PASSWORD = Option.sensitiveValueOf("trustStorePassword");

    /** Trusts every certificate and host name: for tests only. Default {@code false}. */
    public static final Option<Boolean> SSL_TRUST_ALL = Option.valueOf("sslTrustAll");

    /** Size of the HTTP connection pool the connections of a factory share; more than 0, default 128. */
    public static final Option<Integer> MAX_HTTP_CONNECTIONS = Option.valueOf("maxHttpConnections");

    /**
     * How bound values travel: {@link ParameterMode#AUTO} (the default: JSON {@code params} to servers newer than
     * 1.2.900, SQL literals to older ones), {@link ParameterMode#PARAMS} or {@link ParameterMode#LITERALS}. A
     * {@link ParameterMode} or its name in any case ({@code auto}, {@code params}, {@code literals}).
     */
    public static final Option<ParameterMode> PARAMETER_MODE = Option.valueOf("parameterMode");

    /**
     * How files go to stages ({@link com.databend.r2dbc.api.DatabendStages}): {@link PresignMode#AUTO} (the default:
     * presigned URLs for Databend Cloud hosts, {@code /v1/upload_to_stage} elsewhere), {@link PresignMode#DETECT},
     * {@link PresignMode#ON} or {@link PresignMode#OFF}. A {@link PresignMode} or its name in any case.
     */
    public static final Option<PresignMode> PRESIGN = Option.valueOf("presign");

    /**
     * Databend session settings, name to value; the String form is {@code name:value,name:value}. A URL may name
     * one setting per parameter instead, {@code settings.<name>=value} (see {@link #SETTINGS_PREFIX}); those are
     * applied after this map.
     */
    public static final Option<Map<String, String>> SETTINGS = Option.valueOf("settings");

    /**
     * Prefix of options that each carry one session setting, e.g. {@code settings.max_threads=4} in a URL or
     * {@code Option.valueOf("settings.max_threads")}.
     */
    public static final String SETTINGS_PREFIX = "settings.";

    @Override
    public DatabendConnectionFactory create(ConnectionFactoryOptions options) {
        Assert.requireNonNull(options, "options must not be null");
        return new DatabendConnectionFactory(toConfiguration(options));
    }

    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        Assert.requireNonNull(options, "options must not be null");
        Object driver = options.getValue(DRIVER);
        if (!DATABEND_DRIVER.equals(driver)) {
            return false;
        }
        Object protocol = options.getValue(PROTOCOL);
        return protocol == null || protocol.toString().isEmpty() || "http".equalsIgnoreCase(protocol.toString())
                || "https".equalsIgnoreCase(protocol.toString());
    }

    @Override
    public String getDriver() {
        return DATABEND_DRIVER;
    }

    static DatabendConnectionConfiguration toConfiguration(ConnectionFactoryOptions options) {
        Assert.requireNonNull(options, "options must not be null");
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder();
        OptionMapper mapper = new OptionMapper(options);
        mapper.from(HOST).map(OptionMapper::toText).required().to(builder::host);
        mapper.from(SSL).map(OptionMapper::toBoolean).to(builder::ssl);
        mapper.from(PROTOCOL).map(Object::toString).filter("https"::equalsIgnoreCase).to(https -> builder.ssl(true));
        mapper.from(SSL_MODE).map(OptionMapper::toSslEnabled).to(builder::ssl);
        mapper.from(PORT).map(OptionMapper::toInteger).to(builder::port);
        mapper.from(USER).map(OptionMapper::toText).to(builder::user);
        mapper.from(PASSWORD).map(OptionMapper::toSecret).to(builder::password);
        mapper.from(ACCESS_TOKEN).map(OptionMapper::toSecret).to(builder::accessToken);
        mapper.from(ACCESS_TOKEN_FILE).map(OptionMapper::toText).to(builder::accessTokenFile);
        mapper.from(PRIVATE_KEY_FILE).map(OptionMapper::toText).to(builder::privateKeyFile);
        mapper.from(PRIVATE_KEY_PASSPHRASE).map(OptionMapper::toSecret).to(builder::privateKeyPassphrase);
        mapper.from(SESSION_TOKEN).map(OptionMapper::toBoolean).to(builder::sessionToken);
        mapper.from(DATABASE).map(OptionMapper::toText).map(name -> name.startsWith("/") ? name.substring(1) : name)
                .to(builder::database);
        mapper.from(ROLE).map(OptionMapper::toText).to(builder::role);
        mapper.from(WAREHOUSE).map(OptionMapper::toText).to(builder::warehouse);
        mapper.from(TENANT).map(OptionMapper::toText).to(builder::tenant);
        mapper.from(TIMEZONE).map(OptionMapper::toZoneId).to(builder::timezone);
        mapper.from(CONNECT_TIMEOUT).map(OptionMapper::toDuration).to(builder::connectTimeout);
        mapper.from(STATEMENT_TIMEOUT).map(OptionMapper::toDuration).to(builder::statementTimeout);
        mapper.from(WAIT_TIME_SECS).map(OptionMapper::toInteger).to(builder::waitTimeSecs);
        mapper.from(MAX_ROWS_PER_PAGE).map(OptionMapper::toInteger).to(builder::maxRowsPerPage);
        mapper.from(PAGE_REQUEST_TIMEOUT).map(OptionMapper::toDuration).to(builder::pageRequestTimeout);
        mapper.from(HEARTBEAT_INTERVAL).map(OptionMapper::toDuration).to(builder::heartbeatInterval);
        mapper.from(PREFETCH).map(OptionMapper::toBoolean).to(builder::prefetch);
        mapper.from(RETRY_COUNT).map(OptionMapper::toInteger).to(builder::retryCount);
        mapper.from(MAX_HTTP_CONNECTIONS).map(OptionMapper::toInteger).to(builder::maxHttpConnections);
        mapper.from(SSL_ROOT_CERT).map(OptionMapper::toText).to(builder::sslRootCert);
        mapper.from(TRUST_STORE).map(OptionMapper::toText).to(builder::trustStore);
        mapper.from(TRUST_STORE_PASSWORD).map(OptionMapper::toSecret).to(builder::trustStorePassword);
        mapper.from(SSL_TRUST_ALL).map(OptionMapper::toBoolean).to(builder::sslTrustAll);
        mapper.from(PARAMETER_MODE).map(OptionMapper::toParameterMode).to(builder::parameterMode);
        mapper.from(PRESIGN).map(OptionMapper::toPresignMode).to(builder::presign);
        mapper.from(SETTINGS).map(OptionMapper::toSettings).to(builder::settings);
        for (Option<?> setting : mapper.optionsStartingWith(SETTINGS_PREFIX)) {
            String name = setting.name().substring(SETTINGS_PREFIX.length());
            mapper.from(setting).map(Object::toString).to(value -> builder.setting(name, value));
        }
        return builder.build();
    }
}
