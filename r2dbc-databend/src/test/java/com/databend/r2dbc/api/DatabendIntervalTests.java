package com.databend.r2dbc.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabendIntervalTests {

    private static final long HOUR = 3_600_000_000L;

    @Test
    void parsesDatabendText() {
        assertThat(DatabendInterval.parse("1 year 2 months 3 days 4:05:06.5"))
            .isEqualTo(DatabendInterval.of(14, 3, 4 * HOUR + 5 * 60_000_000L + 6_500_000L));
        assertThat(DatabendInterval.parse("-10 months -2 days")).isEqualTo(DatabendInterval.of(-10, -2, 0));
        assertThat(DatabendInterval.parse("0:00:00.000001")).isEqualTo(DatabendInterval.of(0, 0, 1));
        assertThat(DatabendInterval.parse("9385:01:01.000001").micros())
            .isEqualTo(9385 * HOUR + 60_000_000L + 1_000_000L + 1);
        assertThat(DatabendInterval.parse("-1:30:00")).isEqualTo(DatabendInterval.of(0, 0, -90 * 60_000_000L));
        assertThat(DatabendInterval.parse("00:00:00")).isEqualTo(DatabendInterval.of(0, 0, 0));
        assertThat(DatabendInterval.parse("2 hours 3 minutes 4 seconds 5 microseconds"))
            .isEqualTo(DatabendInterval.of(0, 0, 2 * HOUR + 3 * 60_000_000L + 4_000_000L + 5));
        assertThat(DatabendInterval.parse("1 mon")).isEqualTo(DatabendInterval.of(1, 0, 0));
    }

    @Test
    void printsDatabendText() {
        for (String text : List.of("0:00:00.000001", "0:00:01", "0:01:00", "1:00:00", "1 day", "1 month", "1 year",
            "9385:01:01.000001", "25:01:01.000001", "10 months 2 days", "-10 months -2 days",
            "1 year 2 months 3 days 4:05:06.5", "00:00:00", "-1:30:00", "2 years 1 day -0:00:00.25")) {
            assertThat(DatabendInterval.parse(text).toString()).isEqualTo(text);
        }
        assertThat(DatabendInterval.of(-14, 0, 0).toString()).isEqualTo("-1 year -2 months");
    }

    @Test
    void durationsWithoutMonths() {
        assertThat(DatabendInterval.of(0, 1, 1).toDuration()).isEqualTo(Duration.ofDays(1).plusNanos(1_000));
        assertThat(DatabendInterval.from(Duration.ofHours(49).plusNanos(1_500)))
            .isEqualTo(DatabendInterval.of(0, 2, HOUR + 1));
        assertThat(DatabendInterval.from(Duration.ofHours(-1))).isEqualTo(DatabendInterval.of(0, 0, -HOUR));
        assertThatThrownBy(() -> DatabendInterval.of(1, 0, 0).toDuration())
            .isInstanceOf(ArithmeticException.class).hasMessageContaining("1 month");
    }

    @Test
    void valueSemantics() {
        assertThat(DatabendInterval.of(1, 2, 3)).isEqualTo(DatabendInterval.of(1, 2, 3))
            .hasSameHashCodeAs(DatabendInterval.of(1, 2, 3))
            .isNotEqualTo(DatabendInterval.of(1, 2, 4));
        DatabendInterval interval = DatabendInterval.of(5, 6, 7);
        assertThat(interval.months()).isEqualTo(5);
        assertThat(interval.days()).isEqualTo(6);
        assertThat(interval.micros()).isEqualTo(7);
    }

    @Test
    void rejectsMalformedTextNamingIt() {
        for (String text : List.of("", "   ", "1", "day", "1 fortnight", "1:2:3", "1:00", "1:60:00", "x:00:00",
            "1:00:00.1234567", "99999999999 years")) {
            assertThatThrownBy(() -> DatabendInterval.parse(text)).as(text)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'");
        }
    }
}
