package com.databend.r2dbc.benchmarks.harness;

import java.util.List;

/** A column of a scenario's table: a client and the options of its JVM (e.g. {@code -Xmx16m}). */
record Variant(String label, String client, List<String> jvmOptions) {

    Variant {
        jvmOptions = List.copyOf(jvmOptions);
    }

    static Variant r2dbc(String... jvmOptions) {
        return new Variant(label("r2dbc-databend", jvmOptions), R2dbcClient.NAME, List.of(jvmOptions));
    }

    static Variant jdbc(String... jvmOptions) {
        return new Variant(label("databend-jdbc 0.2.8", jvmOptions), JdbcClient.NAME, List.of(jvmOptions));
    }

    static Variant raw() {
        return new Variant("raw HTTP + Jackson", RawClient.NAME, List.of());
    }

    static Variant curl() {
        return new Variant("curl, CSV file", CurlClient.NAME, List.of());
    }

    private static String label(String client, String... jvmOptions) {
        return jvmOptions.length == 0 ? client : client + " " + String.join(" ", jvmOptions);
    }
}
