package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** URL forms and every option, as Strings and as typed values. */
class ConnectionOptionsTests {

    private static DatabendConnectionConfiguration parse(String url) {
        return DatabendConnectionFactoryProvider.toConfiguration(ConnectionFactoryOptions.parse(url));
    }

    @Test
    void urlIsDiscoveredAndGivesOurFactory() {
        ConnectionFactory factory = ConnectionFactories.get("r2dbc:databend://user1:abc123@127.0.0.1:8000/bookstore");
        assertThat(factory).isInstanceOf(DatabendConnectionFactory.class);
        DatabendConnectionConfiguration configuration = ((DatabendConnectionFactory) factory).configuration();
        assertThat(configuration.host()).isEqualTo("127.0.0.1");
        assertThat(configuration.port()).isEqualTo(8000);
        assertThat(configuration.user()).isEqualTo("user1");
        assertThat(configuration.password()).hasToString("abc123");
        assertThat(configuration.database()).isEqualTo("bookstore");
        assertThat(configuration.ssl()).isFalse();
        assertThat(configuration.baseUrl()).isEqualTo("http://127.0.0.1:8000");
        assertThat(factory.getMetadata().getName()).isEqualTo("Databend");
        ((DatabendConnectionFactory) factory).close().block();
    }

    @Test
    void defaultsApplyWithoutUserDatabaseOrPort() {
        DatabendConnectionConfiguration configuration = parse("r2dbc:databend://db.example.com");
        assertThat(configuration.user()).isEqualTo("root");
        assertThat(configuration.database()).isEqualTo("default");
        assertThat(configuration.port()).isEqualTo(8000);
        assertThat(configuration.password()).isNull();
        assertThat(configuration.parameterMode()).isEqualTo(ParameterMode.AUTO);
        assertThat(configuration.presign()).isEqualTo(PresignMode.AUTO);
        assertThat(configuration.prefetch()).isTrue();
    }

    @Test
    void r2dbcsMeansHttpsOnPort443() {
        DatabendConnectionConfiguration configuration = parse("r2dbcs:databend://u:p@db.example.com/db");
        assertThat(configuration.ssl()).isTrue();
        assertThat(configuration.port()).isEqualTo(443);
        assertThat(configuration.baseUrl()).isEqualTo("https://db.example.com:443");
    }

    @Test
    void sslmodeDisableMeansHttp() {
        DatabendConnectionConfiguration configuration = parse("r2dbcs:databend://h:9000/db?sslmode=disable");
        assertThat(configuration.ssl()).isFalse();
        assertThat(configuration.baseUrl()).isEqualTo("http://h:9000");
    }

    @Test
    void percentEncodedCredentialsAreDecoded() {
        DatabendConnectionConfiguration configuration = parse("r2dbc:databend://us%40er:p%40ss%3Aw%2Fd@h/db");
        assertThat(configuration.user()).isEqualTo("us@er");
        assertThat(configuration.password()).hasToString("p@ss:w/d");
    }

    @Test
    void poolProtocolIsSupported() {
        DatabendConnectionFactoryProvider provider = new DatabendConnectionFactoryProvider();
        ConnectionFactoryOptions fromPool = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend")
                .option(ConnectionFactoryOptions.PROTOCOL, "")
                .option(ConnectionFactoryOptions.HOST, "h")
                .build();
        assertThat(provider.supports(fromPool)).isTrue();
        ConnectionFactoryOptions noProtocol = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend")
                .option(ConnectionFactoryOptions.HOST, "h")
                .build();
        assertThat(provider.supports(noProtocol)).isTrue();
        assertThat(provider.supports(ConnectionFactoryOptions.parse("r2dbc:postgresql://h/db"))).isFalse();
        assertThat(provider.supports(ConnectionFactoryOptions.parse("r2dbc:pool:databend://h/db"))).isFalse();
    }

    @Test
    void everyDatabendOptionIsReadFromStrings() {
        DatabendConnectionConfiguration configuration = parse("r2dbc:databend://u:p@h:8124/db?role=analyst"
                + "&warehouse=wh1&tenant=t1&timezone=Asia/Shanghai&waitTimeSecs=3&maxRowsPerPage=500"
                + "&pageRequestTimeout=PT30S&retryCount=5&connectTimeout=PT2S&statementTimeout=1500"
                + "&parameterMode=literals&settings.max_threads=4&settings.sql_dialect=PostgreSQL");
        assertThat(configuration.role()).isEqualTo("analyst");
        assertThat(configuration.warehouse()).isEqualTo("wh1");
        assertThat(configuration.tenant()).isEqualTo("t1");
        assertThat(configuration.timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(configuration.waitTimeSecs()).isEqualTo(3);
        assertThat(configuration.maxRowsPerPage()).isEqualTo(500);
        assertThat(configuration.pageRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(configuration.retryCount()).isEqualTo(5);
        assertThat(configuration.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(configuration.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(configuration.parameterMode()).isEqualTo(ParameterMode.LITERALS);
        assertThat(configuration.settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("max_threads", "4", "sql_dialect", "PostgreSQL"));
    }

    @Test
    void typedOptionValuesAreAccepted() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend")
                .option(ConnectionFactoryOptions.HOST, "h")
                .option(ConnectionFactoryOptions.PORT, 9000)
                .option(ConnectionFactoryOptions.SSL, true)
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(3))
                .option(DatabendConnectionFactoryProvider.WAIT_TIME_SECS, 2)
                .option(DatabendConnectionFactoryProvider.TIMEZONE, ZoneId.of("UTC"))
                .option(DatabendConnectionFactoryProvider.SSL_TRUST_ALL, true)
                .option(DatabendConnectionFactoryProvider.ACCESS_TOKEN, "tok-123")
                .option(Option.valueOf("settings.max_threads"), 8)
                .build();
        DatabendConnectionConfiguration configuration = DatabendConnectionFactoryProvider.toConfiguration(options);
        assertThat(configuration.ssl()).isTrue();
        assertThat(configuration.port()).isEqualTo(9000);
        assertThat(configuration.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(configuration.waitTimeSecs()).isEqualTo(2);
        assertThat(configuration.sslTrustAll()).isTrue();
        assertThat(configuration.accessToken()).hasToString("tok-123");
        assertThat(configuration.settings()).containsEntry("max_threads", "8");
        assertThat(configuration.toString()).doesNotContain("tok-123");
    }

    @Test
    void tlsTrustOptionsAreRead() {
        DatabendConnectionConfiguration configuration = parse("r2dbcs:databend://h/db?sslRootCert=/etc/ca.pem"
                + "&trustStore=/etc/trust.p12&trustStorePassword=changeit&sslTrustAll=false");
        assertThat(configuration.sslRootCert()).isEqualTo("/etc/ca.pem");
        assertThat(configuration.trustStore()).isEqualTo("/etc/trust.p12");
        assertThat(configuration.trustStorePassword()).hasToString("changeit");
        assertThat(configuration.sslTrustAll()).isFalse();
        assertThat(configuration.toString()).doesNotContain("changeit");
    }

    @Test
    void badValuesNameTheOptionAndTheValue() {
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?waitTimeSecs=soon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitTimeSecs").hasMessageContaining("soon");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?maxRowsPerPage=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRowsPerPage").hasMessageContaining("0");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?retryCount=-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryCount");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?timezone=Mars/Olympus"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timezone").hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?sslmode=sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslmode").hasMessageContaining("sometimes");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?sslTrustAll=maybe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sslTrustAll").hasMessageContaining("maybe");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?statementTimeout=forever"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("statementTimeout").hasMessageContaining("forever");
        assertThatThrownBy(() -> parse("r2dbc:databend://u:hunter2@h/db?connectTimeout=x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("connectTimeout")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "DETECT, DETECT", " On , ON", "off, OFF"})
    void presignModesAreReadInAnyCase(String text, PresignMode mode) {
        assertThat(parse("r2dbc:databend://h/db?presign=" + text.strip()).presign()).isEqualTo(mode);
    }

    @Test
    void anUnknownPresignModeNamesTheOptionAndTheModes() {
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?presign=sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("presign")
                .hasMessageContaining("sometimes")
                .satisfies(e -> assertThat(e.getCause()).hasMessageContaining("auto, detect, on or off"));
    }

    @Test
    void autoPresignsForDatabendCloudHostsOnly() {
        assertThat(PresignMode.isCloudHost("tn3ftqihs.gw.aws-us-east-2.default.databend.com")).isTrue();
        assertThat(PresignMode.isCloudHost("GW.AP-NORTHEAST-1.DEFAULT.DATABEND.CN")).isTrue();
        assertThat(PresignMode.isCloudHost("databend.com.example.org")).isFalse();
        assertThat(PresignMode.isCloudHost("localhost")).isFalse();
    }

    @Test
    void builderWorksWithoutUrls() {
        DatabendConnectionConfiguration configuration = DatabendConnectionConfiguration.builder()
                .host("localhost").user("u").password("secret").database("db").setting("max_threads", "2").build();
        assertThat(configuration.baseUrl()).isEqualTo("http://localhost:8000");
        assertThat(configuration.settings()).containsEntry("max_threads", "2");
        assertThatThrownBy(() -> configuration.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(configuration.toString()).doesNotContain("secret");
        assertThatThrownBy(() -> DatabendConnectionConfiguration.builder().build()).isInstanceOf(NullPointerException.class);
    }

    @Test
    void everyOptionIsAcceptedAsAString() {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend");
        String[][] values = {{"host", "h"}, {"port", "9001"}, {"ssl", "true"}, {"user", "u"}, {"password", "p"},
                {"database", "db"}, {"connectTimeout", "PT3S"}, {"statementTimeout", "2s"}, {"role", "r"},
                {"warehouse", "w"}, {"tenant", "t"}, {"accessToken", "tok"}, {"timezone", "Europe/Paris"},
                {"waitTimeSecs", "4"}, {"maxRowsPerPage", "77"}, {"pageRequestTimeout", "90s"},
                {"prefetch", "false"}, {"retryCount", "0"}, {"sslRootCert", "/ca.pem"}, {"trustStore", "/t.p12"},
                {"trustStorePassword", "tsp"}, {"sslTrustAll", "yes"}, {"maxHttpConnections", "4"},
                {"parameterMode", "Params"}, {"presign", "Detect"}, {"settings.max_threads", "3"}};
        for (String[] value : values) {
            options.option(Option.valueOf(value[0]), value[1]);
        }
        DatabendConnectionConfiguration c = DatabendConnectionFactoryProvider.toConfiguration(options.build());
        assertEveryOptionMapped(c, Duration.ofSeconds(2), ParameterMode.PARAMS);
    }

    @Test
    void badStringValuesOfStandardOptionsNameTheOption() {
        ConnectionFactoryOptions badPort = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend").option(ConnectionFactoryOptions.HOST, "h")
                .option(Option.valueOf("port"), "eighty").build();
        assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(badPort))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("eighty");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?ssl=sometimes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssl").hasMessageContaining("sometimes");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?maxHttpConnections=many"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxHttpConnections")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?pageRequestTimeout=-5s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pageRequestTimeout");
        assertThatThrownBy(() -> parse("r2dbc:databend://h:70000/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port").hasMessageContaining("70000");
    }

    private static ConnectionFactoryOptions.Builder withHost() {
        return ConnectionFactoryOptions.builder().option(ConnectionFactoryOptions.DRIVER, "databend")
                .option(ConnectionFactoryOptions.HOST, "h");
    }

    @Test
    void everyOptionIsAcceptedTyped() {
        ConnectionFactoryOptions options = withHost()
                .option(ConnectionFactoryOptions.PORT, 9001)
                .option(ConnectionFactoryOptions.SSL, true)
                .option(ConnectionFactoryOptions.USER, "u")
                .option(ConnectionFactoryOptions.PASSWORD, new StringBuilder("p"))
                .option(ConnectionFactoryOptions.DATABASE, "db")
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(3))
                .option(ConnectionFactoryOptions.STATEMENT_TIMEOUT, Duration.ofMillis(2500))
                .option(DatabendConnectionFactoryProvider.ROLE, "r")
                .option(DatabendConnectionFactoryProvider.WAREHOUSE, "w")
                .option(DatabendConnectionFactoryProvider.TENANT, "t")
                .option(DatabendConnectionFactoryProvider.ACCESS_TOKEN, "tok")
                .option(DatabendConnectionFactoryProvider.TIMEZONE, ZoneId.of("Europe/Paris"))
                .option(DatabendConnectionFactoryProvider.WAIT_TIME_SECS, 4)
                .option(DatabendConnectionFactoryProvider.MAX_ROWS_PER_PAGE, 77)
                .option(DatabendConnectionFactoryProvider.PAGE_REQUEST_TIMEOUT, Duration.ofSeconds(90))
                .option(DatabendConnectionFactoryProvider.PREFETCH, false)
                .option(DatabendConnectionFactoryProvider.RETRY_COUNT, 0)
                .option(DatabendConnectionFactoryProvider.SSL_ROOT_CERT, "/ca.pem")
                .option(DatabendConnectionFactoryProvider.TRUST_STORE, "/t.p12")
                .option(DatabendConnectionFactoryProvider.TRUST_STORE_PASSWORD, "tsp")
                .option(DatabendConnectionFactoryProvider.SSL_TRUST_ALL, true)
                .option(DatabendConnectionFactoryProvider.MAX_HTTP_CONNECTIONS, 4)
                .option(DatabendConnectionFactoryProvider.PARAMETER_MODE, ParameterMode.LITERALS)
                .option(DatabendConnectionFactoryProvider.PRESIGN, PresignMode.DETECT)
                .option(DatabendConnectionFactoryProvider.SETTINGS, Map.of("max_threads", "3"))
                .build();
        DatabendConnectionConfiguration c = DatabendConnectionFactoryProvider.toConfiguration(options);
        assertEveryOptionMapped(c, Duration.ofMillis(2500), ParameterMode.LITERALS);
    }

    /** The configuration holds the values both every-option tests give, but for the two they give differently. */
    private static void assertEveryOptionMapped(DatabendConnectionConfiguration c, Duration statementTimeout,
                                                ParameterMode parameterMode) {
        assertThat(c.baseUrl()).isEqualTo("https://h:9001");
        assertThat(c.user()).isEqualTo("u");
        assertThat(c.password()).hasToString("p");
        assertThat(c.database()).isEqualTo("db");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.statementTimeout()).isEqualTo(statementTimeout);
        assertThat(List.of(c.role(), c.warehouse(), c.tenant())).containsExactly("r", "w", "t");
        assertThat(c.accessToken()).hasToString("tok");
        assertThat(c.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(c.waitTimeSecs()).isEqualTo(4);
        assertThat(c.maxRowsPerPage()).isEqualTo(77);
        assertThat(c.pageRequestTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.prefetch()).isFalse();
        assertThat(c.retryCount()).isZero();
        assertThat(List.of(c.sslRootCert(), c.trustStore())).containsExactly("/ca.pem", "/t.p12");
        assertThat(c.trustStorePassword()).hasToString("tsp");
        assertThat(c.sslTrustAll()).isTrue();
        assertThat(c.maxHttpConnections()).isEqualTo(4);
        assertThat(c.parameterMode()).isEqualTo(parameterMode);
        assertThat(c.presign()).isEqualTo(PresignMode.DETECT);
        assertThat(c.settings()).containsExactly(Map.entry("max_threads", "3"));
    }

    @Test
    void durationsAreReadInEveryForm() {
        Map<Object, Duration> forms = new LinkedHashMap<>();
        forms.put(Duration.ofSeconds(7), Duration.ofSeconds(7));
        forms.put(1500, Duration.ofMillis(1500));
        forms.put(1500L, Duration.ofMillis(1500));
        forms.put("1500", Duration.ofMillis(1500));
        forms.put("PT1M30S", Duration.ofSeconds(90));
        forms.put("250ms", Duration.ofMillis(250));
        forms.put("30s", Duration.ofSeconds(30));
        forms.put("2m", Duration.ofMinutes(2));
        forms.forEach((given, expected) -> {
            ConnectionFactoryOptions options = withHost()
                    .option(Option.valueOf("pageRequestTimeout"), given).build();
            assertThat(DatabendConnectionFactoryProvider.toConfiguration(options).pageRequestTimeout())
                    .as("%s", given).isEqualTo(expected);
        });
    }

    @Test
    void settingsComeAsAMapItsStringFormOrOneOptionEach() {
        ConnectionFactoryOptions typed = withHost()
                .option(DatabendConnectionFactoryProvider.SETTINGS, Map.of("max_threads", "4")).build();
        assertThat(DatabendConnectionFactoryProvider.toConfiguration(typed).settings())
                .containsExactly(Map.entry("max_threads", "4"));

        DatabendConnectionConfiguration fromString = parse("r2dbc:databend://h/db"
                + "?settings=max_threads:4,%20sql_dialect:%20PostgreSQL,timezone:Asia/Shanghai");
        assertThat(fromString.settings()).containsExactly(Map.entry("max_threads", "4"),
                Map.entry("sql_dialect", "PostgreSQL"), Map.entry("timezone", "Asia/Shanghai"));

        DatabendConnectionConfiguration both = parse("r2dbc:databend://h/db?settings.timezone=UTC"
                + "&settings=max_threads:4,timezone:Asia/Shanghai&settings.enable_x=1");
        assertThat(both.settings()).containsExactly(Map.entry("max_threads", "4"), Map.entry("timezone", "UTC"),
                Map.entry("enable_x", "1"));
    }

    @Test
    void settingsPrefixAloneAndUnrelatedOptionsAreNoSettings() {
        DatabendConnectionConfiguration configuration = parse("r2dbc:databend://h/db?settings.=1&mysettings.x=2"
                + "&settingsx=3");
        assertThat(configuration.settings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "port|eighty", "port|0", "port|65536", "ssl|sometimes", "sslmode|sometimes", "sslTrustAll|maybe",
            "connectTimeout|soon", "connectTimeout|0", "statementTimeout|forever", "statementTimeout|-1s",
            "pageRequestTimeout|PT-5S", "pageRequestTimeout|5h", "waitTimeSecs|soon", "waitTimeSecs|-1",
            "waitTimeSecs|1.5", "maxRowsPerPage|0", "maxRowsPerPage|99999999999", "retryCount|-1",
            "retryCount|three", "maxHttpConnections|many", "maxHttpConnections|0", "timezone|Mars/Olympus",
            "settings|max_threads", "settings|:4", "parameterMode|json", "parameterMode|literal"})
    void badStringValuesNameTheOptionAndTheValue(String option, String value) {
        ConnectionFactoryOptions options = withHost().option(ConnectionFactoryOptions.PASSWORD, "hunter2")
                .option(Option.valueOf(option), value).build();
        assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option).hasMessageContaining(value)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void badTypedValuesNameTheOptionAndTheValue() {
        Map<Option<?>, Object> bad = new LinkedHashMap<>();
        bad.put(ConnectionFactoryOptions.PORT, 70000);
        bad.put(DatabendConnectionFactoryProvider.WAIT_TIME_SECS, -1);
        bad.put(DatabendConnectionFactoryProvider.MAX_ROWS_PER_PAGE, 0);
        bad.put(DatabendConnectionFactoryProvider.PAGE_REQUEST_TIMEOUT, Duration.ofSeconds(-1));
        bad.put(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ZERO);
        bad.put(Option.valueOf("retryCount"), 3_000_000_000L);
        bad.put(Option.valueOf("maxHttpConnections"), 2.5);
        bad.put(Option.valueOf("sslTrustAll"), Duration.ofSeconds(1));
        bad.put(Option.valueOf("parameterMode"), 1);
        for (Map.Entry<Option<?>, Object> entry : bad.entrySet()) {
            @SuppressWarnings("unchecked")
            Option<Object> option = (Option<Object>) entry.getKey();
            ConnectionFactoryOptions options = withHost().option(option, entry.getValue()).build();
            assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(options))
                    .as(option.name()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(option.name()).hasMessageContaining(String.valueOf(entry.getValue()));
        }
        Map<String, String> nullValue = new java.util.HashMap<>();
        nullValue.put("max_threads", null);
        for (Map<String, String> settings : List.of(nullValue, Map.of(" ", "1"))) {
            ConnectionFactoryOptions options = withHost()
                    .option(DatabendConnectionFactoryProvider.SETTINGS, settings).build();
            assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(options))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("settings");
        }
    }

    @Test
    void aMissingOrEmptyHostIsNamed() {
        ConnectionFactoryOptions noHost = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend").build();
        assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(noHost))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Missing option host");
        ConnectionFactoryOptions emptyHost = ConnectionFactoryOptions.builder()
                .option(ConnectionFactoryOptions.DRIVER, "databend").option(ConnectionFactoryOptions.HOST, "").build();
        assertThatThrownBy(() -> DatabendConnectionFactoryProvider.toConfiguration(emptyHost))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Missing option host");
    }

    @Test
    void settingsOfTheUrlReachTheServerAtLogin() {
        try (ScriptedDatabend server = new ScriptedDatabend(request -> Reply.ok(ScriptedDatabend.LOGIN_OK))) {
            DatabendConnectionFactory factory = (DatabendConnectionFactory) ConnectionFactories.get(
                    "r2dbc:databend://u:p@127.0.0.1:" + server.port() + "/db?settings=max_threads:4,sql_dialect:MySQL"
                            + "&settings.sql_dialect=PostgreSQL&timezone=UTC");
            Connection connection = factory.create().block(Duration.ofSeconds(10));
            Mono.from(connection.close()).block(Duration.ofSeconds(5));
            factory.close().block(Duration.ofSeconds(5));
            assertThat(server.requests().get(0).uri()).startsWith("/v1/session/login");
            assertThat(server.requests().get(0).body()).isEqualTo("{\"database\":\"db\",\"settings\":"
                    + "{\"max_threads\":\"4\",\"sql_dialect\":\"PostgreSQL\",\"timezone\":\"UTC\"}}");
        }
    }
}
