package com.databend.r2dbc.tck.server;

import com.databend.r2dbc.testsupport.LeakGatedMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone server: options, the base URL printed on stdout when it is ready, and a leak-free shutdown. */
class DatabendTestServerMainTests {

    /**
     * The child runs under the leak gate with paranoid detection, as the test JVMs do: its stderr must end with the
     * gate's verdict, which it prints only after the server's shutdown hook closed the server.
     */
    @Test
    void standaloneServerPrintsItsUrlServesUntilKilledAndLeaksNothing(@TempDir Path directory) throws Exception {
        Path stderr = directory.resolve("server.stderr");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Dio.netty.leakDetectionLevel=paranoid",
            "-cp", System.getProperty("java.class.path"), LeakGatedMain.class.getName(),
            DatabendTestServerMain.class.getName(), "--port", "0", "--nodes", "2", "--user", "main_user:pw:x",
            "--version", "1.2.999-test")
            .redirectError(stderr.toFile())
            .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
            String url = CompletableFuture.supplyAsync(() -> {
                try {
                    return stdout.readLine();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+");

            Http.Response health = new Http(url).get("/health");
            assertThat(health.body()).isEqualTo("ok");
            assertThat(health.header("X-DATABEND-VERSION")).isEqualTo("1.2.999-test");
            Http user = new Http(url).with("Authorization", Http.basic("main_user", "pw:x"));
            assertThat(user.query("select 1").json().get("data")).isEqualTo(List.of(List.of("1")));
        } finally {
            process.destroy();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        List<String> errors = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        assertThat(errors).noneSatisfy(line -> assertThat(line).contains("LEAK:"))
            .last().isEqualTo(LeakGatedMain.verdict(0));
    }

    @Test
    void aResponseDelayDelaysEveryResponse() {
        try (DatabendTestServer server = DatabendTestServerMain.configure(
            new String[] {"--port", "0", "--response-delay-ms", "250"}).start()) {
            Http http = new Http(server.baseUrl());
            for (int i = 0; i < 2; i++) {
                long started = System.nanoTime();
                assertThat(http.get("/health").body()).isEqualTo("ok");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            }
            assertThat(server.faults().injectedCount()).isEqualTo(2);
        }
    }

    @Test
    void badOptionsNameTheOption() {
        assertThatThrownBy(() -> DatabendTestServerMain.configure(new String[] {"--port", "x"}))
            .hasMessage("--port must be a number, not x");
        assertThatThrownBy(() -> DatabendTestServerMain.configure(new String[] {"--user", "nopassword"}))
            .hasMessage("--user must be name:password, not nopassword");
        assertThatThrownBy(() -> DatabendTestServerMain.configure(new String[] {"--colour", "blue"}))
            .hasMessage("unknown option --colour");
        assertThatThrownBy(() -> DatabendTestServerMain.configure(new String[] {"--nodes"}))
            .hasMessage("option --nodes needs a value");
        assertThatThrownBy(() -> DatabendTestServerMain.configure(new String[] {"--response-delay-ms", "-5"}))
            .hasMessage("responseDelay must not be negative, not PT-0.005S");
    }
}
