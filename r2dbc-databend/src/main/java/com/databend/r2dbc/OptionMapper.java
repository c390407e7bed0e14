package com.databend.r2dbc;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the options of a {@link ConnectionFactoryOptions} one line each:
 * {@code mapper.from(WAIT_TIME_SECS).map(OptionMapper::toInteger).to(builder::waitTimeSecs)}. An option that is
 * absent does nothing; a value that cannot be converted fails with an {@link IllegalArgumentException} naming the
 * option and the value. The conversions accept the typed value or its String form, as a URL gives it.
 */
final class OptionMapper {

    private final ConnectionFactoryOptions options;

    OptionMapper(ConnectionFactoryOptions options) {
        this.options = options;
    }

    Source<Object> from(Option<?> option) {
        return new Source<>(option.name(), options.getValue(option));
    }

    /**
     * The options whose name starts with {@code prefix}, by name. {@link ConnectionFactoryOptions} has no accessor
     * for its names, but {@code Builder.from(options, filter)} shows the filter every option.
     */
    List<Option<?>> optionsStartingWith(String prefix) {
        List<Option<?>> found = new ArrayList<>();
        ConnectionFactoryOptions.builder().from(options, option -> {
            if (option.name().startsWith(prefix) && option.name().length() > prefix.length()) {
                found.add(option);
            }
            return false;
        });
        found.sort(Comparator.comparing(Option::name));
        return found;
    }

    /** The value of one option, on its way to the builder. */
    static final class Source<T> {

        private final String name;
        private final @Nullable T value;

        private Source(String name, @Nullable T value) {
            this.name = name;
            this.value = value;
        }

        /** Converts the value; a conversion that gives {@code null} leaves the option unset. */
        <R> Source<R> map(Function<? super T, ? extends @Nullable R> conversion) {
            if (value == null) {
                return new Source<>(name, null);
            }
            try {
                return new Source<>(name, conversion.apply(value));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid option " + name + ": " + value, e);
            }
        }

        Source<T> filter(Predicate<? super T> condition) {
            return value == null || condition.test(value) ? this : new Source<>(name, null);
        }

        Source<T> required() {
            if (value == null) {
                throw new IllegalArgumentException("Missing option " + name);
            }
            return this;
        }

        void to(Consumer<? super T> target) {
            if (value != null) {
                target.accept(value);
            }
        }
    }

    /** The text, or {@code null} for an empty one. */
    static @Nullable String toText(Object value) {
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }

    /**
     * A password or token as given, so that no copy of it is made as a String before it is needed. It cannot fail,
     * so no error message ever shows a secret.
     */
    static CharSequence toSecret(Object value) {
        return value instanceof CharSequence secret ? secret : value.toString();
    }

    static Integer toInteger(Object value) {
        if (value instanceof Integer integer) {
            return integer;
        }
        if (value instanceof Number number) {
            long exact = number.longValue();
            if (exact != number.doubleValue() || exact != (int) exact) {
                throw new IllegalArgumentException("not an int");
            }
            return (int) exact;
        }
        return Integer.parseInt(value.toString().trim());
    }

    static Boolean toBoolean(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    /**
     * A Duration, a number of milliseconds, an ISO-8601 text ({@code PT5S}) or a number with a unit
     * ({@code 500ms}, {@code 5s}, {@code 2m}); never negative.
     */
    static Duration toDuration(Object value) {
        Duration duration;
        if (value instanceof Duration given) {
            duration = given;
        } else if (value instanceof Number millis) {
            duration = Duration.ofMillis(millis.longValue());
        } else {
            duration = parseDuration(value.toString().trim());
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration");
        }
        return duration;
    }

    private static Duration parseDuration(String text) {
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(text);
        }
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).trim()));
        }
        if (text.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).trim()));
        }
        if (text.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).trim()));
        }
        return Duration.ofMillis(Long.parseLong(text));
    }

    static ZoneId toZoneId(Object value) {
        return value instanceof ZoneId zone ? zone : ZoneId.of(value.toString().trim());
    }

    /** {@code sslmode} as Databend's DSN has it: {@code disable} means HTTP, the others HTTPS. */
    static Boolean toSslEnabled(Object value) {
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "disable" -> false;
            case "enable", "require", "verify-ca", "verify-full" -> true;
            default -> throw new IllegalArgumentException("not an sslmode");
        };
    }

    /** A {@link ParameterMode} or its name in any case: {@code auto}, {@code params} or {@code literals}. */
    static ParameterMode toParameterMode(Object value) {
        if (value instanceof ParameterMode mode) {
            return mode;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> ParameterMode.AUTO;
            case "params" -> ParameterMode.PARAMS;
            case "literals" -> ParameterMode.LITERALS;
            default -> throw new IllegalArgumentException("not a parameter mode");
        };
    }

    /** A {@link PresignMode} or its name in any case: {@code auto}, {@code detect}, {@code on} or {@code off}. */
    static PresignMode toPresignMode(Object value) {
        if (value instanceof PresignMode mode) {
            return mode;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> PresignMode.AUTO;
            case "detect" -> PresignMode.DETECT;
            case "on" -> PresignMode.ON;
            case "off" -> PresignMode.OFF;
            default -> throw new IllegalArgumentException("not a presign mode: auto, detect, on or off");
        };
    }

    /**
     * A map of setting names to values (each value's text is sent), or its String form
     * {@code name:value,name:value}.
     */
    static Map<String, String> toSettings(Object value) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, setting) -> {
                if (setting == null) {
                    throw new IllegalArgumentException("null value");
                }
                settings.put(settingName(String.valueOf(name)), setting.toString());
            });
            return settings;
        }
        for (String pair : value.toString().split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("not name:value");
            }
            settings.put(settingName(pair.substring(0, colon)), pair.substring(colon + 1).trim());
        }
        return settings;
    }

    private static String settingName(String name) {
        String trimmed = name.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty setting name");
        }
        return trimmed;
    }
}
