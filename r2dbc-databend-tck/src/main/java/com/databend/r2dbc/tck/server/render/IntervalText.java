package com.databend.r2dbc.tck.server.render;

import java.util.Locale;

/**
 * Rewrites DuckDB's interval text ({@code 1 year 2 months 3 days 04:05:06.5}) in Databend's form
 * ({@code 1 year 2 months 3 days 4:05:06.5}, {@code 0:00:00.000001}, {@code 00:00:00} for zero).
 */
public final class IntervalText {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private IntervalText() {
    }

    public static String fromDuckDb(String duckDbText) {
        long months = 0;
        long days = 0;
        long micros = 0;
        String[] parts = duckDbText.trim().split("\\s+");
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (part.indexOf(':') >= 0) {
                micros += parseTime(part);
                continue;
            }
            long amount = Long.parseLong(part);
            String unit = i + 1 < parts.length ? parts[++i].toLowerCase(Locale.ROOT) : "";
            if (unit.startsWith("year")) {
                months += amount * 12;
            } else if (unit.startsWith("mon")) {
                months += amount;
            } else if (unit.startsWith("day")) {
                days += amount;
            } else {
                throw new IllegalArgumentException("unexpected interval text " + duckDbText);
            }
        }
        return format(months, days, micros);
    }

    /** Databend's display of an interval of months, days and microseconds. */
    public static String format(long months, long days, long micros) {
        StringBuilder out = new StringBuilder();
        long years = months / 12;
        long restMonths = months % 12;
        appendPart(out, years, "year");
        appendPart(out, restMonths, "month");
        appendPart(out, days, "day");
        if (micros != 0) {
            if (out.length() > 0) {
                out.append(' ');
            }
            if (micros < 0) {
                out.append('-');
            }
            long abs = Math.abs(micros);
            long totalSeconds = abs / MICROS_PER_SECOND;
            long fraction = abs % MICROS_PER_SECOND;
            out.append(totalSeconds / 3600).append(':');
            appendTwoDigits(out, (totalSeconds / 60) % 60);
            out.append(':');
            appendTwoDigits(out, totalSeconds % 60);
            if (fraction != 0) {
                String digits = String.format(Locale.ROOT, "%06d", fraction);
                int end = digits.length();
                while (digits.charAt(end - 1) == '0') {
                    end--;
                }
                out.append('.').append(digits, 0, end);
            }
        }
        return out.length() == 0 ? "00:00:00" : out.toString();
    }

    private static void appendPart(StringBuilder out, long amount, String unit) {
        if (amount == 0) {
            return;
        }
        if (out.length() > 0) {
            out.append(' ');
        }
        out.append(amount).append(' ').append(unit);
        if (Math.abs(amount) != 1) {
            out.append('s');
        }
    }

    private static void appendTwoDigits(StringBuilder out, long value) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    private static long parseTime(String text) {
        boolean negative = text.startsWith("-");
        String body = negative ? text.substring(1) : text;
        String[] fields = body.split(":");
        long hours = Long.parseLong(fields[0]);
        long minutes = Long.parseLong(fields[1]);
        String secondsText = fields[2];
        long seconds;
        long fraction = 0;
        int dot = secondsText.indexOf('.');
        if (dot >= 0) {
            seconds = Long.parseLong(secondsText.substring(0, dot));
            String digits = (secondsText.substring(dot + 1) + "000000").substring(0, 6);
            fraction = Long.parseLong(digits);
        } else {
            seconds = Long.parseLong(secondsText);
        }
        long micros = ((hours * 3600 + minutes * 60 + seconds) * MICROS_PER_SECOND) + fraction;
        return negative ? -micros : micros;
    }
}
