package com.databend.r2dbc.benchmarks.jmh;

import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Page bodies shaped like the ones Databend sends (docs/protocol.md §3.1): the members of a running query's page,
 * with {@code rows} generated rows of the given schema.
 */
final class Pages {

    /** The schema of the mixed read: {@code SELECT number, number::VARCHAR, number::DOUBLE/3, (number%100000)::DECIMAL(12,2)}. */
    static final String[][] MIXED_SCHEMA = {
        {"number", "UInt64"},
        {"number::VARCHAR", "String"},
        {"number::DOUBLE / 3", "Float64"},
        {"(number % 100000)::DECIMAL(12, 2)", "Decimal(12, 2)"},
    };

    private Pages() {
    }

    /** A page of the mixed read, numbers {@code first} to {@code first + rows - 1}. */
    static byte[] mixed(long first, int rows) {
        return body(MIXED_SCHEMA, rows, i -> {
            long number = first + i;
            return new String[] {
                Long.toString(number),
                Long.toString(number),
                Double.toString(number / 3.0),
                (number % 100_000) + ".00",
            };
        });
    }

    /** A page of {@code schema} ({name, type} pairs), row {@code i} given by {@code row}. */
    static byte[] body(String[][] schema, int rows, IntFunction<String[]> row) {
        StringBuilder json = new StringBuilder(64 * rows + 2048);
        json.append("{\"id\":\"0192a6f1-5f1e-7c3b-9f5e-2a0c7d3e4b51\",\"session_id\":\"\",\"node_id\":\"node-1\",")
            .append("\"state\":\"Running\",\"session\":{\"catalog\":\"default\",\"database\":\"default\",")
            .append("\"role\":\"account_admin\",\"settings\":{},\"txn_state\":\"AutoCommit\",\"need_sticky\":false,")
            .append("\"need_keep_alive\":false},\"error\":null,\"warnings\":[],\"has_result_set\":true,\"schema\":[");
        for (int c = 0; c < schema.length; c++) {
            json.append(c == 0 ? "" : ",").append("{\"name\":");
            quote(json, schema[c][0]).append(",\"type\":");
            quote(json, schema[c][1]).append('}');
        }
        json.append("],\"data\":[");
        for (int r = 0; r < rows; r++) {
            json.append(r == 0 ? "[" : ",[");
            String[] cells = row.apply(r);
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) {
                    json.append(',');
                }
                if (cells[c] == null) {
                    json.append("null");
                } else {
                    quote(json, cells[c]);
                }
            }
            json.append(']');
        }
        json.append("],\"affect\":null,\"result_timeout_secs\":60,\"settings\":{\"timezone\":\"UTC\",")
            .append("\"geometry_output_format\":\"EWKB\",\"binary_output_format\":\"HEX\",")
            .append("\"http_json_result_mode\":\"display\"},\"stats\":{\"scan_progress\":{\"rows\":")
            .append(rows).append(",\"bytes\":").append(rows * 8L).append("},\"write_progress\":{\"rows\":0,")
            .append("\"bytes\":0},\"result_progress\":{\"rows\":").append(rows).append(",\"bytes\":")
            .append(rows * 8L).append("},\"total_scan\":{\"rows\":").append(rows).append(",\"bytes\":")
            .append(rows * 8L).append("},\"spill_progress\":{\"file_nums\":0,\"bytes\":0},")
            .append("\"running_time_ms\":12},\"stats_uri\":\"/v1/query/q\",\"final_uri\":\"/v1/query/q/final\",")
            .append("\"next_uri\":\"/v1/query/q/page/1\",\"kill_uri\":\"/v1/query/q/kill\"}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
