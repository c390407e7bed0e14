package com.databend.r2dbc.benchmarks.harness;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The harness's command line and the scenario sizes it scales. */
class HarnessOptionsTests {

    @Test
    void defaultsAreTheIssuesSizes() {
        HarnessOptions options = HarnessOptions.parse(List.of());
        assertThat(options).isEqualTo(new HarnessOptions(1, 5, 1, Set.of(), 20, List.of()));
        List<Scenario> scenarios = Scenarios.selected(options);
        assertThat(scenarios).extracting(Scenario::name, Scenario::rows, Scenario::queries).containsExactly(
            tuple("read", 5_000_000L, 0),
            tuple("read-small-heap", 10_000_000L, 0),
            tuple("select-1", 0L, 2_000),
            tuple("concurrent", 2_000L, 1_000),
            tuple("bulk-insert", 1_000_000L, 0),
            tuple("bulk-insert-warm", 1_000_000L, Scenarios.WARMUP_BATCHES),
            tuple("load-rows", 10_000_000L, 0),
            tuple("read-delayed", 1_000_000L, 0),
            tuple("select-1-delayed", 0L, 200),
            tuple("concurrent-delayed", 2_000L, 1_000));
        assertThat(scenarios.get(1).variants()).extracting(Variant::label, Variant::jvmOptions).containsExactly(
            tuple("r2dbc-databend -Xmx16m", List.of("-Xmx16m")),
            tuple("r2dbc-databend", List.of()));
    }

    @Test
    void everyOptionIsRead() {
        HarnessOptions options = HarnessOptions.parse(List.of("--scale", "0.01", "--runs", "3", "--warmups", "0",
            "--only", "select-1,bulk-insert", "--delay-ms", "7", "--client-jvm-options", " -XX:+UseSerialGC -Xss1m"));
        assertThat(options).isEqualTo(new HarnessOptions(0.01, 3, 0, Set.of("select-1", "bulk-insert"), 7,
            List.of("-XX:+UseSerialGC", "-Xss1m")));
        assertThat(Scenarios.selected(options)).extracting(Scenario::name, Scenario::rows, Scenario::queries)
            .containsExactly(tuple("select-1", 0L, 20),
                tuple("bulk-insert", 10_000L, 0));
    }

    @Test
    void badOptionsNameTheProblem() {
        assertThatThrownBy(() -> HarnessOptions.parse(List.of("--runs", "0")))
            .hasMessage("--runs must be at least 1, not 0");
        assertThatThrownBy(() -> HarnessOptions.parse(List.of("--scale", "x")))
            .hasMessage("--scale must be a number, not x");
        assertThatThrownBy(() -> HarnessOptions.parse(List.of("--scale", "0")))
            .hasMessage("--scale must be positive, not 0.0");
        assertThatThrownBy(() -> HarnessOptions.parse(List.of("--runs")))
            .hasMessage("option --runs needs a value");
        assertThatThrownBy(() -> HarnessOptions.parse(List.of("--fast", "yes")))
            .hasMessage("unknown option --fast");
        assertThatThrownBy(() -> Scenarios.selected(HarnessOptions.parse(List.of("--only", "read,write"))))
            .hasMessageStartingWith("unknown scenario write; the scenarios are [read, read-small-heap,");
    }
}
