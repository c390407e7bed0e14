package com.databend.r2dbc.internal.codec;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Date, Timestamp and Timestamp_Tz cells (docs/protocol.md §5.2): {@code "2024-04-10"},
 * {@code "2021-12-20 17:01:01.000000"} (wall time in the response's time zone) and
 * {@code "2024-04-16 12:34:56.789000 +0600"}. The integer forms of the {@code driver} result mode
 * (days, microseconds, {@code "<micros> <offset seconds>"}) are recognised by their shape.
 */
final class TemporalDecoder {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private TemporalDecoder() {
    }

    static LocalDate decodeDate(String text) {
        try {
            if (isInteger(text, 0, text.length())) {
                return LocalDate.ofEpochDay(Long.parseLong(text));
            }
            return date(text, 0, text.length());
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend Date: '" + text + "'", e);
        }
    }

    static LocalDateTime decodeTimestamp(String text, ZoneId zone) {
        try {
            if (isInteger(text, 0, text.length())) {
                return LocalDateTime.ofInstant(epochMicros(Long.parseLong(text)), zone);
            }
            return dateTime(text, 0, text.length());
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend Timestamp: '" + text + "'", e);
        }
    }

    static OffsetDateTime decodeTimestampTz(String text) {
        try {
            int space = text.lastIndexOf(' ');
            if (space <= 0) {
                return OffsetDateTime.parse(text.replace(' ', 'T'));
            }
            if (isInteger(text, 0, space)) {
                ZoneOffset offset = ZoneOffset.ofTotalSeconds(Integer.parseInt(text, space + 1, text.length(), 10));
                return OffsetDateTime.ofInstant(epochMicros(Long.parseLong(text, 0, space, 10)), offset);
            }
            ZoneOffset offset = ZoneOffset.of(text.substring(space + 1));
            return OffsetDateTime.of(dateTime(text, 0, space), offset);
        } catch (DateTimeException | NumberFormatException e) {
            throw new IllegalArgumentException("Not a Databend Timestamp_Tz: '" + text + "'", e);
        }
    }

    private static Instant epochMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
            Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }

    private static LocalDateTime dateTime(String text, int from, int to) {
        int separator = from + 10;
        if (to > separator && (text.charAt(separator) == ' ' || text.charAt(separator) == 'T')) {
            return LocalDateTime.of(date(text, from, separator), time(text, separator + 1, to));
        }
        int space = indexOfSeparator(text, from, to);
        if (space < 0) {
            return date(text, from, to).atStartOfDay();
        }
        return LocalDateTime.of(date(text, from, space), time(text, space + 1, to));
    }

    private static int indexOfSeparator(String text, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == 'T') {
                return i;
            }
        }
        return -1;
    }

    /** {@code yyyy-MM-dd}; other year widths fall back to {@link LocalDate#parse}. */
    private static LocalDate date(String text, int from, int to) {
        if (to - from == 10 && text.charAt(from + 4) == '-' && text.charAt(from + 7) == '-') {
            return LocalDate.of(digits(text, from, from + 4), digits(text, from + 5, from + 7),
                digits(text, from + 8, from + 10));
        }
        return LocalDate.parse(text.substring(from, to));
    }

    /** {@code H:mm:ss[.f{1,9}]}. */
    private static LocalTime time(String text, int from, int to) {
        int firstColon = text.indexOf(':', from);
        if (firstColon < 0 || firstColon >= to || to - firstColon < 6 || text.charAt(firstColon + 3) != ':') {
            throw new DateTimeException("time expected");
        }
        int hour = digits(text, from, firstColon);
        int minute = digits(text, firstColon + 1, firstColon + 3);
        int second = digits(text, firstColon + 4, firstColon + 6);
        int nanos = 0;
        int fractionStart = firstColon + 6;
        if (fractionStart < to) {
            if (text.charAt(fractionStart) != '.' || to - fractionStart - 1 > 9 || to - fractionStart < 2) {
                throw new DateTimeException("fraction expected");
            }
            nanos = digits(text, fractionStart + 1, to);
            for (int i = to - fractionStart - 1; i < 9; i++) {
                nanos *= 10;
            }
        }
        return LocalTime.of(hour, minute, second, nanos);
    }

    private static int digits(String text, int from, int to) {
        if (from >= to) {
            throw new DateTimeException("digits expected");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("digit expected at '" + c + "'");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isInteger(String text, int from, int to) {
        int start = from < to && text.charAt(from) == '-' ? from + 1 : from;
        if (start >= to || to - start > 19) {
            return false;
        }
        for (int i = start; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
