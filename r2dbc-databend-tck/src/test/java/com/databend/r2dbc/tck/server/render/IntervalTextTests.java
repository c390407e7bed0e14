package com.databend.r2dbc.tck.server.render;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected texts from golden 22 (interval.test) and docs/protocol.md §5.2. */
class IntervalTextTests {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "00:00:00.000001|0:00:00.000001",
        "00:00:01|0:00:01",
        "00:01:00|0:01:00",
        "01:00:00|1:00:00",
        "1 day|1 day",
        "1 month|1 month",
        "1 year|1 year",
        "9385:01:01.000001|9385:01:01.000001",
        "25:01:01.000001|25:01:01.000001",
        "10 months 2 days|10 months 2 days",
        "-10 months -2 days|-10 months -2 days",
        "1 year 2 months 3 days 04:05:06.5|1 year 2 months 3 days 4:05:06.5",
        "00:00:00|00:00:00",
        "-01:30:00|-1:30:00",
        "14 months|1 year 2 months"
    })
    void rewritesDuckDbIntervalsInDatabendForm(String duckDb, String databend) {
        assertThat(IntervalText.fromDuckDb(duckDb)).isEqualTo(databend);
    }
}
