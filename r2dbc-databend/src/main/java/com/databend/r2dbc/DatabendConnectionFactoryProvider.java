package com.databend.r2dbc;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ConnectionFactoryProvider;
import io.r2dbc.spi.Option;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;

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
import static java.util.Objects.requireNonNull;

/**
 * Creates {@link DatabendConnectionFactory} instances for {@code r2dbc:databend://} (HTTP) and
 * {@code r2dbcs:databend://} (HTTPS) URLs, and for r2dbc-pool, which passes an empty protocol.
 */
public final class DatabendConnectionFactoryProvider implements ConnectionFactoryProvider {

    public static final String DATABEND_DRIVER = "databend";

    public static final Option<String> ROLE = Option.valueOf("role");
    public static final Option<String> WAREHOUSE = Option.valueOf("warehouse");
    public static final Option<String> TENANT = Option.valueOf("tenant");
    public static final Option<CharSequence> ACCESS_TOKEN = Option.sensitiveValueOf("accessToken");
    public static final Option<Object> TIMEZONE = Option.valueOf("timezone");
    public static final Option<Object> WAIT_TIME_SECS = Option.valueOf("waitTimeSecs");
    public static final Option<Object> MAX_ROWS_PER_PAGE = Option.valueOf("maxRowsPerPage");
    public static final Option<Object> PAGE_REQUEST_TIMEOUT = Option.valueOf("pageRequestTimeout");
    public static final Option<Object> RETRY_COUNT = Option.valueOf("retryCount");
    public static final Option<String> SSL_MODE = Option.valueOf("sslmode");
    public static final Option<String> SSL_ROOT_CERT = Option.valueOf("sslRootCert");
    public static final Option<String> TRUST_STORE = Option.valueOf("trustStore");
    public static final Option<CharSequence> TRUST_STORE_PASSWORD = Option.sensitiveValueOf("trustStorePassword");
    public static final Option<Object> SSL_TRUST_ALL = Option.valueOf("sslTrustAll");
    public static final Option<Object> MAX_HTTP_CONNECTIONS = Option.valueOf("maxHttpConnections");
    /** Prefix of options that become Databend session settings, e.g. {@code settings.max_threads=4}. */
    public static final String SETTINGS_PREFIX = "settings.";

    @Override
    public DatabendConnectionFactory create(ConnectionFactoryOptions options) {
        return new DatabendConnectionFactory(toConfiguration(options));
    }

    @Override
    public boolean supports(ConnectionFactoryOptions options) {
        requireNonNull(options, "options must not be null");
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
        requireNonNull(options, "options must not be null");
        DatabendConnectionConfiguration.Builder builder = DatabendConnectionConfiguration.builder();
        Object host = options.getValue(HOST);
        if (host == null || host.toString().isEmpty()) {
            throw new IllegalArgumentException("Missing option host");
        }
        builder.host(host.toString());

        boolean ssl = bool(options, SSL, false) || "https".equalsIgnoreCase(String.valueOf(options.getValue(PROTOCOL)));
        Object sslMode = options.getValue(SSL_MODE);
        if (sslMode != null) {
            String mode = sslMode.toString().trim().toLowerCase(Locale.ROOT);
            switch (mode) {
                case "disable" -> ssl = false;
                case "enable", "require", "verify-ca", "verify-full" -> ssl = true;
                default -> throw new IllegalArgumentException("Invalid option sslmode: " + sslMode);
            }
        }
        builder.ssl(ssl);
        Object port = options.getValue(PORT);
        if (port != null) {
            builder.port(integer(PORT.name(), port));
        }
        Object user = options.getValue(USER);
        if (user != null && !user.toString().isEmpty()) {
            builder.user(user.toString());
        }
        Object password = options.getValue(PASSWORD);
        if (password != null) {
            builder.password(password.toString());
        }
        Object token = options.getValue(ACCESS_TOKEN);
        if (token != null) {
            builder.accessToken(token.toString());
        }
        Object database = options.getValue(DATABASE);
        if (database != null && !database.toString().isEmpty()) {
            String name = database.toString();
            builder.database(name.startsWith("/") ? name.substring(1) : name);
        }
        builder.role(string(options, ROLE));
        builder.warehouse(string(options, WAREHOUSE));
        builder.tenant(string(options, TENANT));
        Object timezone = options.getValue(TIMEZONE);
        if (timezone != null) {
            builder.timezone(zone(timezone));
        }
        Object connectTimeout = options.getValue(CONNECT_TIMEOUT);
        if (connectTimeout != null) {
            builder.connectTimeout(duration(CONNECT_TIMEOUT.name(), connectTimeout));
        }
        Object statementTimeout = options.getValue(STATEMENT_TIMEOUT);
        if (statementTimeout != null) {
            builder.statementTimeout(duration(STATEMENT_TIMEOUT.name(), statementTimeout));
        }
        Object waitTime = options.getValue(WAIT_TIME_SECS);
        if (waitTime != null) {
            builder.waitTimeSecs(nonNegative(WAIT_TIME_SECS.name(), waitTime));
        }
        Object maxRows = options.getValue(MAX_ROWS_PER_PAGE);
        if (maxRows != null) {
            builder.maxRowsPerPage(positive(MAX_ROWS_PER_PAGE.name(), maxRows));
        }
        Object pageTimeout = options.getValue(PAGE_REQUEST_TIMEOUT);
        if (pageTimeout != null) {
            builder.pageRequestTimeout(duration(PAGE_REQUEST_TIMEOUT.name(), pageTimeout));
        }
        Object retryCount = options.getValue(RETRY_COUNT);
        if (retryCount != null) {
            builder.retryCount(nonNegative(RETRY_COUNT.name(), retryCount));
        }
        Object maxConnections = options.getValue(MAX_HTTP_CONNECTIONS);
        if (maxConnections != null) {
            builder.maxHttpConnections(positive(MAX_HTTP_CONNECTIONS.name(), maxConnections));
        }
        builder.sslRootCert(string(options, SSL_ROOT_CERT));
        builder.trustStore(string(options, TRUST_STORE));
        Object trustStorePassword = options.getValue(TRUST_STORE_PASSWORD);
        if (trustStorePassword != null) {
            builder.trustStorePassword(trustStorePassword.toString());
        }
        builder.sslTrustAll(bool(options, SSL_TRUST_ALL, false));
        for (String name : settingNames(options)) {
            Object value = options.getValue(Option.valueOf(name));
            if (value != null) {
                builder.setting(name.substring(SETTINGS_PREFIX.length()), value.toString());
            }
        }
        return builder.build();
    }

    /** ConnectionFactoryOptions has no iteration API; its toString lists every option name. */
    private static java.util.List<String> settingNames(ConnectionFactoryOptions options) {
        java.util.List<String> names = new java.util.ArrayList<>();
        String text = options.toString();
        int at = text.indexOf(SETTINGS_PREFIX);
        while (at >= 0) {
            if (at == 0 || text.charAt(at - 1) == '{' || text.charAt(at - 1) == ' ') {
                int end = text.indexOf('=', at);
                if (end > at + SETTINGS_PREFIX.length()) {
                    names.add(text.substring(at, end));
                }
            }
            at = text.indexOf(SETTINGS_PREFIX, at + 1);
        }
        return names;
    }

    private static String string(ConnectionFactoryOptions options, Option<?> option) {
        Object value = options.getValue(option);
        return value == null || value.toString().isEmpty() ? null : value.toString();
    }

    private static boolean bool(ConnectionFactoryOptions options, Option<?> option, boolean defaultValue) {
        Object value = options.getValue(option);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("Invalid option " + option.name() + ": " + value);
        };
    }

    private static int integer(String name, Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Number n) {
            long l = n.longValue();
            if (l != n.doubleValue() || l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("Invalid option " + name + ": " + value);
            }
            return (int) l;
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid option " + name + ": " + value, e);
        }
    }

    private static int positive(String name, Object value) {
        int i = integer(name, value);
        if (i <= 0) {
            throw new IllegalArgumentException("Invalid option " + name + ": " + value);
        }
        return i;
    }

    private static int nonNegative(String name, Object value) {
        int i = integer(name, value);
        if (i < 0) {
            throw new IllegalArgumentException("Invalid option " + name + ": " + value);
        }
        return i;
    }

    /** Accepts a Duration, a number of milliseconds, an ISO-8601 text ({@code PT5S}) or a text like {@code 5s}. */
    static Duration duration(String name, Object value) {
        Duration result;
        if (value instanceof Duration d) {
            result = d;
        } else if (value instanceof Number n) {
            result = Duration.ofMillis(n.longValue());
        } else {
            String text = value.toString().trim();
            try {
                if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                    result = Duration.parse(text);
                } else if (text.endsWith("ms")) {
                    result = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
                } else if (text.endsWith("s")) {
                    result = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()));
                } else if (text.endsWith("m")) {
                    result = Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).trim()));
                } else {
                    result = Duration.ofMillis(Long.parseLong(text));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid option " + name + ": " + value, e);
            }
        }
        if (result.isNegative()) {
            throw new IllegalArgumentException("Invalid option " + name + ": " + value);
        }
        return result;
    }

    private static ZoneId zone(Object value) {
        if (value instanceof ZoneId z) {
            return z;
        }
        try {
            return ZoneId.of(value.toString().trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid option timezone: " + value, e);
        }
    }
}
