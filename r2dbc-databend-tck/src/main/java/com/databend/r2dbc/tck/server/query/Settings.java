package com.databend.r2dbc.tck.server.query;

import com.databend.r2dbc.tck.server.sql.DatabendError;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Defaults and validation of the settings the server interprets itself. */
final class Settings {

    static final String TIMEZONE = "timezone";

    static final String RESULT_TIMEOUT = "http_handler_result_timeout_secs";

    static final String BINARY_FORMAT = "binary_output_format";

    static final String GEOMETRY_FORMAT = "geometry_output_format";

    static final String JSON_RESULT_MODE = "http_json_result_mode";

    private static final Set<String> BINARY_FORMATS = Set.of("HEX", "BASE64", "UTF-8", "UTF-8-LOSSY");

    private static final Set<String> GEOMETRY_FORMATS = Set.of("GEOJSON", "WKT", "WKB", "EWKT", "EWKB");

    private Settings() {
    }

    /** The default value text {@code UNSET} reports for a setting. */
    static String defaultValue(String name, long defaultResultTimeoutSecs) {
        return switch (name) {
            case TIMEZONE -> "UTC";
            case RESULT_TIMEOUT -> Long.toString(defaultResultTimeoutSecs);
            case BINARY_FORMAT -> "hex";
            case GEOMETRY_FORMAT -> "GeoJSON";
            case JSON_RESULT_MODE -> "display";
            case "max_threads" -> Integer.toString(Runtime.getRuntime().availableProcessors());
            default -> "";
        };
    }

    /**
     * @throws DatabendError 1006 when the value is not acceptable for the setting
     */
    static void validate(String name, String value) {
        switch (name) {
            case TIMEZONE -> {
                try {
                    ZoneId.of(value);
                } catch (DateTimeException e) {
                    throw new DatabendError(1006, "Invalid Timezone: " + value);
                }
            }
            case RESULT_TIMEOUT -> {
                try {
                    if (Long.parseLong(value.trim()) < 0) {
                        throw new NumberFormatException(value);
                    }
                } catch (NumberFormatException e) {
                    throw new DatabendError(1006, "Failed to parse " + name + " value '" + value + "' as u64");
                }
            }
            case BINARY_FORMAT -> requireOneOf(name, value, BINARY_FORMATS);
            case GEOMETRY_FORMAT -> requireOneOf(name, value, GEOMETRY_FORMATS);
            case JSON_RESULT_MODE -> requireOneOf(name, value.toUpperCase(Locale.ROOT), Set.of("DISPLAY", "DRIVER"));
            default -> {
            }
        }
    }

    private static void requireOneOf(String name, String value, Set<String> allowed) {
        if (!allowed.contains(value.toUpperCase(Locale.ROOT))) {
            throw new DatabendError(1006, "Invalid value '" + value + "' for setting " + name + ", expected one of "
                + allowed);
        }
    }

    /** The session's value of a setting, else the global one, else {@code fallback}. */
    static String effective(Map<String, String> session, Map<String, String> global, String name, String fallback) {
        String value = session.get(name);
        if (value == null) {
            value = global.get(name);
        }
        return value == null ? fallback : value;
    }
}
