package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;

/** Compares Databend versions such as {@code 1.2.934-nightly} or {@code v1.2.901}. */
final class ServerVersion {

    private ServerVersion() {
    }

    /** Whether {@code version} is known and newer than {@code major.minor.patch}. */
    static boolean newerThan(@Nullable String version, int major, int minor, int patch) {
        int @Nullable [] parts = parse(version);
        if (parts == null) {
            return false;
        }
        if (parts[0] != major) {
            return parts[0] > major;
        }
        if (parts[1] != minor) {
            return parts[1] > minor;
        }
        return parts[2] > patch;
    }

    private static int @Nullable [] parse(@Nullable String version) {
        if (version == null) {
            return null;
        }
        String text = version.trim();
        if (text.startsWith("v") || text.startsWith("V")) {
            text = text.substring(1);
        }
        int end = 0;
        while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
            end++;
        }
        String[] numbers = text.substring(0, end).split("\\.");
        if (numbers.length < 3) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(numbers[0]), Integer.parseInt(numbers[1]),
                    Integer.parseInt(numbers[2])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
