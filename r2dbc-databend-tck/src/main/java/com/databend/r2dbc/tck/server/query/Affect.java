package com.databend.r2dbc.tck.server.query;

import java.util.List;

/** The {@code affect} member (docs/protocol.md §3.3): what a USE / SET / UNSET changed. */
public sealed interface Affect {

    record UseDb(String name) implements Affect {
    }

    record ChangeSettings(List<String> keys, List<String> values, List<Boolean> isGlobals) implements Affect {

        public ChangeSettings {
            keys = List.copyOf(keys);
            values = List.copyOf(values);
            isGlobals = List.copyOf(isGlobals);
        }
    }
}
