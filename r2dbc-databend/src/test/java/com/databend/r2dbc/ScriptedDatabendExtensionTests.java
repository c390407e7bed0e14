package com.databend.r2dbc;

import com.databend.r2dbc.ScriptedDatabend.Reply;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a test opens through the extension is closed after that test; what a class opens, after the class. */
class ScriptedDatabendExtensionTests {

    private static boolean listens(ScriptedDatabend server) throws IOException {
        try (Socket ignored = new Socket("127.0.0.1", server.port())) {
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    @Test
    void serversATestStartedAreClosedAfterIt() throws Exception {
        ScriptedDatabendExtension extension = new ScriptedDatabendExtension();
        extension.beforeEach(null);
        ScriptedDatabend first = extension.start(request -> Reply.ok("{}"));
        ScriptedDatabend second = extension.start(request -> Reply.ok("{}"));
        extension.factory();
        assertThat(extension.server()).isSameAs(second);
        assertThat(listens(first)).isTrue();
        assertThat(listens(second)).isTrue();

        extension.afterEach(null);

        assertThat(listens(first)).isFalse();
        assertThat(listens(second)).isFalse();
        assertThatThrownBy(extension::server).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServerStartedBeforeTheTestsOutlivesThemUntilTheClassEnds() throws Exception {
        ScriptedDatabendExtension extension = new ScriptedDatabendExtension();
        ScriptedDatabend shared = extension.start(request -> Reply.ok("{}"));
        extension.beforeEach(null);
        ScriptedDatabend own = extension.start(request -> Reply.ok("{}"));
        extension.afterEach(null);

        assertThat(listens(own)).isFalse();
        assertThat(listens(shared)).isTrue();
        assertThat(extension.server()).isSameAs(shared);

        extension.afterAll(null);

        assertThat(listens(shared)).isFalse();
    }
}
