package com.databend.r2dbc.benchmarks.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** The measured runs of a scenario, per variant, in the order they ran. */
record ScenarioResult(Scenario scenario, Map<Variant, List<Measurement>> runs) {

    ScenarioResult {
        Map<Variant, List<Measurement>> copy = new LinkedHashMap<>();
        runs.forEach((variant, measurements) -> copy.put(variant, List.copyOf(measurements)));
        runs = copy;
    }

    /** The median of one figure of {@code variant}'s runs (of an even count, the mean of the two middle ones). */
    double median(Variant variant, ToLongFunction<Measurement> figure) {
        long[] values = this.runs.get(variant).stream().mapToLong(figure).toArray();
        Arrays.sort(values);
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }
}
