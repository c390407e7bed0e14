package com.databend.r2dbc;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code accessTokenFile}, {@code privateKeyFile} and {@code sessionToken}: read from URLs and typed options. */
class AuthenticationOptionsTests {

    private static DatabendConnectionConfiguration parse(String url) {
        return DatabendConnectionFactoryProvider.toConfiguration(ConnectionFactoryOptions.parse(url));
    }

    @Test
    void tokenOptionsAreReadFromTheUrl() {
        DatabendConnectionConfiguration file = parse("r2dbc:databend://h/db?accessTokenFile=/run/token&sessionToken=true");
        assertThat(file.accessTokenFile()).isEqualTo("/run/token");
        assertThat(file.sessionToken()).isTrue();
        DatabendConnectionConfiguration key = parse("r2dbc:databend://svc@h/db?privateKeyFile=/keys/svc.p8"
                + "&privateKeyPassphrase=pp-31f0");
        assertThat(key.privateKeyFile()).isEqualTo("/keys/svc.p8");
        assertThat(key.privateKeyPassphrase()).hasToString("pp-31f0");
        assertThat(key.user()).isEqualTo("svc");
        assertThat(key.toString()).contains("privateKeyPassphrase=***").doesNotContain("pp-31f0");
    }

    @Test
    void tokenOptionsAreReadTyped() {
        DatabendConnectionConfiguration configuration = DatabendConnectionFactoryProvider.toConfiguration(
                ConnectionFactoryOptions.builder().option(ConnectionFactoryOptions.DRIVER, "databend")
                        .option(ConnectionFactoryOptions.HOST, "h")
                        .option(DatabendConnectionFactoryProvider.PRIVATE_KEY_FILE, "/k.pem")
                        .option(DatabendConnectionFactoryProvider.PRIVATE_KEY_PASSPHRASE, "pp")
                        .option(DatabendConnectionFactoryProvider.SESSION_TOKEN, true)
                        .build());
        assertThat(configuration.privateKeyFile()).isEqualTo("/k.pem");
        assertThat(configuration.privateKeyPassphrase()).hasToString("pp");
        assertThat(configuration.sessionToken()).isTrue();
    }

    @Test
    void sessionTokensAreOffUnlessAskedFor() {
        assertThat(parse("r2dbc:databend://h/db").sessionToken()).isFalse();
        assertThat(parse("r2dbc:databend://h/db?sessionToken=false").sessionToken()).isFalse();
    }

    @Test
    void atMostOneTokenSourceIsAccepted() {
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?accessToken=t-93&accessTokenFile=/f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Give at most one of the options accessToken, accessTokenFile and privateKeyFile");
        assertThatThrownBy(() -> parse("r2dbc:databend://h/db?accessTokenFile=/f&privateKeyFile=/k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("privateKeyFile");
    }

    @Test
    void toStringShowsFilePathsAndTheSessionTokenSwitchButNoToken() {
        String text = DatabendConnectionConfiguration.builder().host("h").accessToken("tok-5be0-secret")
                .sessionToken(true).build().toString();
        assertThat(text).contains("accessToken=***", "sessionToken=true", "accessTokenFile=null",
                "privateKeyFile=null").doesNotContain("tok-5be0-secret");
        assertThat(DatabendConnectionConfiguration.builder().host("h").accessTokenFile("/run/token").build()
                .toString()).contains("accessTokenFile=/run/token");
    }
}
