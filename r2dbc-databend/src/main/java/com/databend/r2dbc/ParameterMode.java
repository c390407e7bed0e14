package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;

/**
 * How bound values travel to the server: as JSON {@code params} beside the statement text, or as SQL literals the
 * driver writes into it. Either way no bound value can change the statement's structure.
 */
public enum ParameterMode {

    /**
     * JSON {@code params} to servers newer than 1.2.900, SQL literals to older ones and when the version is unknown.
     */
    AUTO,

    /**
     * JSON {@code params} whatever the server's version. A statement with a value that has no faithful JSON form
     * (a {@code Map}) or with both {@code ?} and {@code :name} markers still goes with SQL literals.
     */
    PARAMS,

    /** SQL literals whatever the server's version. */
    LITERALS;

    /** Whether values go as JSON {@code params} to a server of {@code serverVersion} (null when unknown). */
    boolean jsonParams(@Nullable String serverVersion) {
        return switch (this) {
            case AUTO -> ServerVersion.newerThan(serverVersion, 1, 2, 900);
            case PARAMS -> true;
            case LITERALS -> false;
        };
    }
}
