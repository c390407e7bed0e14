package com.databend.r2dbc.benchmarks.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CPU of curl and its shell, as bash's {@code times} prints it. */
class CurlClientTests {

    @Test
    void bothLinesOfTimesAreSummed() {
        assertThat(CurlClient.cpuNanos(List.of("0m0.001s 0m0.000s", "1m0.003s 0m0.006s")))
            .isEqualTo(1_000_000 + 60_003_000_000L + 6_000_000);
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> CurlClient.cpuNanos(List.of("0m0.001s 0m0.000s", "curl: (7) Failed to connect")))
            .hasMessageStartingWith("expected the two lines of bash's times");
    }
}
