package com.databend.r2dbc.api;

import com.databend.r2dbc.internal.Assert;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A Databend {@code Interval} value: months, days and microseconds, kept apart because a month has no fixed
 * length. Its text form is Databend's: {@code "1 year 2 months 3 days 4:05:06.5"}, {@code "-10 months -2 days"},
 * {@code "0:00:00.000001"}, {@code "00:00:00"} for zero (docs/protocol.md §5.2).
 */
public final class DatabendInterval {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    private static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    private final int months;
    private final int days;
    private final long micros;

    private DatabendInterval(int months, int days, long micros) {
        this.months = months;
        this.days = days;
        this.micros = micros;
    }

    public static DatabendInterval of(int months, int days, long micros) {
        return new DatabendInterval(months, days, micros);
    }

    /** A duration as days and microseconds (whole 24-hour days become days, the rest microseconds). */
    public static DatabendInterval from(Duration duration) {
        Assert.requireNonNull(duration, "duration must not be null");
        long totalMicros = Math.addExact(Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND),
            duration.getNano() / 1_000);
        long days = totalMicros / MICROS_PER_DAY;
        return new DatabendInterval(0, Math.toIntExact(days), totalMicros % MICROS_PER_DAY);
    }

    /**
     * Parses Databend's interval text: signed parts {@code N year(s)}, {@code N month(s)} / {@code mon(s)},
     * {@code N day(s)}, {@code N hour(s)}, {@code N minute(s)}, {@code N second(s)}, {@code N microsecond(s)},
     * and a clock part {@code [-]H:MM:SS[.ffffff]}, in any order.
     *
     * @throws IllegalArgumentException naming the text when it is not an interval
     */
    public static DatabendInterval parse(String text) {
        Assert.requireNonNull(text, "text must not be null");
        long months = 0;
        long days = 0;
        long micros = 0;
        String[] tokens = text.trim().split("\\s+");
        if (tokens.length == 0 || tokens[0].isEmpty()) {
            throw malformed(text);
        }
        try {
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                if (token.indexOf(':') >= 0) {
                    micros = Math.addExact(micros, clockMicros(token, text));
                    continue;
                }
                if (i + 1 >= tokens.length) {
                    throw malformed(text);
                }
                long amount = Long.parseLong(token.startsWith("+") ? token.substring(1) : token);
                String unit = tokens[++i].toLowerCase(Locale.ROOT);
                switch (unit) {
                    case "year":
                    case "years":
                        months = Math.addExact(months, Math.multiplyExact(amount, 12));
                        break;
                    case "month":
                    case "months":
                    case "mon":
                    case "mons":
                        months = Math.addExact(months, amount);
                        break;
                    case "day":
                    case "days":
                        days = Math.addExact(days, amount);
                        break;
                    case "hour":
                    case "hours":
                        micros = Math.addExact(micros, Math.multiplyExact(amount, MICROS_PER_HOUR));
                        break;
                    case "minute":
                    case "minutes":
                        micros = Math.addExact(micros, Math.multiplyExact(amount, MICROS_PER_MINUTE));
                        break;
                    case "second":
                    case "seconds":
                        micros = Math.addExact(micros, Math.multiplyExact(amount, MICROS_PER_SECOND));
                        break;
                    case "microsecond":
                    case "microseconds":
                        micros = Math.addExact(micros, amount);
                        break;
                    default:
                        throw malformed(text);
                }
            }
            return new DatabendInterval(Math.toIntExact(months), Math.toIntExact(days), micros);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("Malformed Databend interval '" + text + "'", e);
        }
    }

    private static long clockMicros(String token, String text) {
        boolean negative = token.startsWith("-");
        String clock = negative || token.startsWith("+") ? token.substring(1) : token;
        String[] parts = clock.split(":", -1);
        if (parts.length != 3 || parts[1].length() != 2 || parts[2].length() < 2) {
            throw malformed(text);
        }
        long hours = Long.parseLong(parts[0]);
        long minutes = Long.parseLong(parts[1]);
        String secondsText = parts[2];
        int dot = secondsText.indexOf('.');
        long seconds = Long.parseLong(dot < 0 ? secondsText : secondsText.substring(0, dot));
        long fraction = 0;
        if (dot >= 0) {
            String digits = secondsText.substring(dot + 1);
            if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
                throw malformed(text);
            }
            fraction = Long.parseLong(digits) * (long) Math.pow(10, 6 - digits.length());
        }
        if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
            throw malformed(text);
        }
        long value = Math.addExact(Math.multiplyExact(hours, MICROS_PER_HOUR),
            minutes * MICROS_PER_MINUTE + seconds * MICROS_PER_SECOND + fraction);
        return negative ? -value : value;
    }

    private static IllegalArgumentException malformed(String text) {
        return new IllegalArgumentException("Malformed Databend interval '" + text + "'");
    }

    public int months() {
        return months;
    }

    public int days() {
        return days;
    }

    public long micros() {
        return micros;
    }

    /**
     * This interval as a {@link Duration}, a day counting 24 hours.
     *
     * @throws ArithmeticException when it has months, whose length in time is not fixed
     */
    public Duration toDuration() {
        if (months != 0) {
            throw new ArithmeticException("Interval '" + this + "' has months and no fixed duration");
        }
        return Duration.ofDays(days).plus(Duration.ofNanos(Math.multiplyExact(micros, 1_000L)));
    }

    @Override
    public boolean equals(@Nullable Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof DatabendInterval)) {
            return false;
        }
        DatabendInterval that = (DatabendInterval) other;
        return months == that.months && days == that.days && micros == that.micros;
    }

    @Override
    public int hashCode() {
        return Objects.hash(months, days, micros);
    }

    /** Databend's text of this interval, accepted back by {@link #parse(String)} and by the server. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        int years = months / 12;
        int remainingMonths = months % 12;
        appendPart(text, years, "year");
        appendPart(text, remainingMonths, "month");
        appendPart(text, days, "day");
        if (micros != 0) {
            if (text.length() > 0) {
                text.append(' ');
            }
            long magnitude = Math.abs(micros);
            if (micros < 0) {
                text.append('-');
            }
            long hours = magnitude / MICROS_PER_HOUR;
            long minutes = magnitude % MICROS_PER_HOUR / MICROS_PER_MINUTE;
            long seconds = magnitude % MICROS_PER_MINUTE / MICROS_PER_SECOND;
            long fraction = magnitude % MICROS_PER_SECOND;
            text.append(hours).append(':');
            appendTwoDigits(text, minutes);
            text.append(':');
            appendTwoDigits(text, seconds);
            if (fraction != 0) {
                String digits = String.format(Locale.ROOT, "%06d", fraction);
                int end = digits.length();
                while (digits.charAt(end - 1) == '0') {
                    end--;
                }
                text.append('.').append(digits, 0, end);
            }
        }
        return text.length() == 0 ? "00:00:00" : text.toString();
    }

    private static void appendPart(StringBuilder text, int amount, String unit) {
        if (amount == 0) {
            return;
        }
        if (text.length() > 0) {
            text.append(' ');
        }
        text.append(amount).append(' ').append(unit);
        if (amount != 1 && amount != -1) {
            text.append('s');
        }
    }

    private static void appendTwoDigits(StringBuilder text, long value) {
        if (value < 10) {
            text.append('0');
        }
        text.append(value);
    }
}
