package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.Affect;
import com.databend.r2dbc.tck.server.query.QueryResponse;
import com.databend.r2dbc.tck.server.query.QueryStats;
import com.databend.r2dbc.tck.server.query.ResponseSettings;
import com.databend.r2dbc.tck.server.query.StateResponse;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.SessionTokenStore;
import com.databend.r2dbc.tck.server.sql.DatabendError;
import com.databend.r2dbc.tck.server.sql.SchemaField;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Writes response bodies with the exact member order and presence rules of docs/protocol.md §3 (no data binding). */
final class JsonBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonBodies() {
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator generator) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            body.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"error":{"code":…,"message":…}}} (docs/protocol.md §4.6). */
    static byte[] error(int code, String message) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", code);
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] queryResponse(QueryResponse r) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("id", r.id());
            writeNullableString(g, "session_id", r.sessionId());
            g.writeStringField("node_id", r.nodeId());
            g.writeStringField("state", r.state().name());
            g.writeFieldName("session");
            if (r.session() == null) {
                g.writeNull();
            } else {
                writeSession(g, r.session());
            }
            g.writeFieldName("error");
            writeError(g, r.error());
            g.writeArrayFieldStart("warnings");
            for (String warning : r.warnings()) {
                g.writeString(warning);
            }
            g.writeEndArray();
            if (r.hasResultSet() != null) {
                g.writeBooleanField("has_result_set", r.hasResultSet());
            }
            g.writeArrayFieldStart("schema");
            for (SchemaField field : r.schema()) {
                g.writeStartObject();
                g.writeStringField("name", field.name());
                g.writeStringField("type", field.type());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("data");
            for (String[] row : r.data()) {
                g.writeStartArray();
                for (String cell : row) {
                    if (cell == null) {
                        g.writeNull();
                    } else {
                        g.writeString(cell);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeFieldName("affect");
            writeAffect(g, r.affect());
            g.writeFieldName("result_timeout_secs");
            if (r.resultTimeoutSecs() == null) {
                g.writeNull();
            } else {
                g.writeNumber(r.resultTimeoutSecs());
            }
            if (r.settings() != null) {
                writeSettings(g, r.settings());
            }
            writeStats(g, r.stats());
            writeNullableString(g, "stats_uri", r.statsUri());
            writeNullableString(g, "final_uri", r.finalUri());
            writeNullableString(g, "next_uri", r.nextUri());
            writeNullableString(g, "kill_uri", r.killUri());
            g.writeEndObject();
        });
    }

    static byte[] stateResponse(StateResponse r) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("state", r.state().name());
            g.writeFieldName("error");
            writeError(g, r.error());
            g.writeArrayFieldStart("warnings");
            g.writeEndArray();
            writeStats(g, r.stats());
            g.writeEndObject();
        });
    }

    static byte[] heartbeat(List<String> queriesToRemove) {
        return write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("queries_to_remove");
            for (String id : queriesToRemove) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A login's answer (docs/protocol.md §7); {@code tokens} may be {@code null}. */
    static byte[] login(String version, String sessionId, SessionTokenStore.Tokens tokens) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("version", version);
            g.writeStringField("session_id", sessionId);
            g.writeNumberField("server_max_arrow_result_version", 3);
            if (tokens != null) {
                writeTokens(g, tokens);
            }
            g.writeEndObject();
        });
    }

    /** {@code {"tokens":{…}}} of a refresh. */
    static byte[] refresh(SessionTokenStore.Tokens tokens) {
        return write(g -> {
            g.writeStartObject();
            writeTokens(g, tokens);
            g.writeEndObject();
        });
    }

    private static void writeTokens(JsonGenerator g, SessionTokenStore.Tokens tokens) throws IOException {
        g.writeObjectFieldStart("tokens");
        g.writeNumberField("session_token_ttl_in_secs", tokens.sessionTtlSecs());
        g.writeStringField("session_token", tokens.sessionToken());
        g.writeStringField("refresh_token", tokens.refreshToken());
        g.writeEndObject();
    }

    static byte[] uploadToStage(String id, String stageName, List<String> files) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("stage_name", stageName);
            g.writeStringField("state", "SUCCESS");
            g.writeArrayFieldStart("files");
            for (String file : files) {
                g.writeString(file);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"id":…,"stats":{"rows":…,"bytes":…}}} of a streaming load (docs/protocol.md §8.4, golden 18). */
    static byte[] streamingLoad(String id, long rows, long bytes) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeObjectFieldStart("stats");
            g.writeNumberField("rows", rows);
            g.writeNumberField("bytes", bytes);
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    static byte[] session(SessionState session) {
        return write(g -> writeSession(g, session));
    }

    static byte[] nullError() {
        return write(g -> {
            g.writeStartObject();
            g.writeNullField("error");
            g.writeEndObject();
        });
    }

    static byte[] discoveryNodes(List<String> addresses) {
        return write(g -> {
            g.writeStartArray();
            for (String address : addresses) {
                g.writeStartObject();
                g.writeStringField("address", address);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void writeNullableString(JsonGenerator g, String name, String value) throws IOException {
        if (value == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, value);
        }
    }

    static void writeSession(JsonGenerator g, SessionState s) throws IOException {
        g.writeStartObject();
        if (s.catalog() != null) {
            g.writeStringField("catalog", s.catalog());
        }
        if (s.database() != null) {
            g.writeStringField("database", s.database());
        }
        if (s.role() != null) {
            g.writeStringField("role", s.role());
        }
        if (s.secondaryRoles() != null) {
            g.writeArrayFieldStart("secondary_roles");
            for (String role : s.secondaryRoles()) {
                g.writeString(role);
            }
            g.writeEndArray();
        }
        if (s.settings() != null) {
            g.writeObjectFieldStart("settings");
            for (Map.Entry<String, String> setting : s.settings().entrySet()) {
                g.writeStringField(setting.getKey(), setting.getValue());
            }
            g.writeEndObject();
        }
        if (s.txnState() != null) {
            g.writeStringField("txn_state", s.txnState().name());
        }
        g.writeBooleanField("need_sticky", s.needSticky());
        g.writeBooleanField("need_keep_alive", s.needKeepAlive());
        if (s.internal() != null) {
            g.writeStringField("internal", s.internal().toJson());
        }
        g.writeEndObject();
    }

    private static void writeError(JsonGenerator g, DatabendError error) throws IOException {
        if (error == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("code", error.code());
        g.writeStringField("message", error.getMessage() == null ? "" : error.getMessage());
        if (error.detail() != null && !error.detail().isEmpty()) {
            g.writeStringField("detail", error.detail());
        }
        g.writeEndObject();
    }

    private static void writeAffect(JsonGenerator g, Affect affect) throws IOException {
        if (affect == null) {
            g.writeNull();
        } else if (affect instanceof Affect.UseDb use) {
            g.writeStartObject();
            g.writeStringField("type", "UseDB");
            g.writeStringField("name", use.name());
            g.writeEndObject();
        } else if (affect instanceof Affect.ChangeSettings change) {
            g.writeStartObject();
            g.writeStringField("type", "ChangeSettings");
            g.writeArrayFieldStart("keys");
            for (String key : change.keys()) {
                g.writeString(key);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("values");
            for (String value : change.values()) {
                g.writeString(value);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("is_globals");
            for (Boolean global : change.isGlobals()) {
                g.writeBoolean(global);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeSettings(JsonGenerator g, ResponseSettings s) throws IOException {
        g.writeObjectFieldStart("settings");
        g.writeStringField("timezone", s.timezone());
        g.writeStringField("geometry_output_format", s.geometryOutputFormat());
        g.writeStringField("binary_output_format", s.binaryOutputFormat());
        g.writeStringField("http_json_result_mode", s.httpJsonResultMode());
        g.writeEndObject();
    }

    private static void writeStats(JsonGenerator g, QueryStats s) throws IOException {
        g.writeObjectFieldStart("stats");
        writeProgress(g, "scan_progress", s.scanRows(), s.scanBytes());
        writeProgress(g, "write_progress", s.writeRows(), s.writeBytes());
        writeProgress(g, "result_progress", s.resultRows(), s.resultBytes());
        writeProgress(g, "total_scan", s.scanRows(), s.scanBytes());
        g.writeObjectFieldStart("spill_progress");
        g.writeNumberField("file_nums", 0);
        g.writeNumberField("bytes", 0);
        g.writeEndObject();
        g.writeNumberField("running_time_ms", s.runningTimeMs());
        g.writeEndObject();
    }

    private static void writeProgress(JsonGenerator g, String name, long rows, long bytes) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("rows", rows);
        g.writeNumberField("bytes", bytes);
        g.writeEndObject();
    }
}
