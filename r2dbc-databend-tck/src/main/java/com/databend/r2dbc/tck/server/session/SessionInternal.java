package com.databend.r2dbc.tck.server.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of the session's {@code internal} string (docs/protocol.md §2.3): state the server hides from clients.
 * Members equal to their default are omitted when written. {@code variables} is kept as raw JSON text and echoed
 * unchanged.
 *
 * @param variablesJson            the raw JSON array of {@code SET VARIABLE} pairs, or {@code null} when empty
 * @param lastQueryResultCacheKey  {@code ""} when none
 * @param hasTempTable             whether the client session holds temp tables
 * @param lastNodeId               the node that ran the last statement, or {@code null}
 * @param lastQueryIds             {@code [0]} is the last statement's query id
 */
public record SessionInternal(String variablesJson, String lastQueryResultCacheKey, boolean hasTempTable,
                              String lastNodeId, List<String> lastQueryIds) {

    private static final JsonFactory JSON = new JsonFactory();

    public SessionInternal {
        lastQueryResultCacheKey = lastQueryResultCacheKey == null ? "" : lastQueryResultCacheKey;
        lastQueryIds = List.copyOf(lastQueryIds == null ? List.of() : lastQueryIds);
    }

    /** This state after a statement {@code queryId} ran on {@code nodeId}. */
    public SessionInternal afterQuery(String nodeId, String queryId) {
        return new SessionInternal(this.variablesJson, this.lastQueryResultCacheKey, this.hasTempTable, nodeId,
            List.of(queryId));
    }

    /** This state with {@code has_temp_table} set to {@code temp}. */
    public SessionInternal withTempTable(boolean temp) {
        return new SessionInternal(this.variablesJson, this.lastQueryResultCacheKey, temp, this.lastNodeId,
            this.lastQueryIds);
    }

    public static SessionInternal empty() {
        return new SessionInternal(null, "", false, null, List.of());
    }

    /** The last statement's query id, or {@code null} when none was recorded. */
    public String lastQueryId() {
        return this.lastQueryIds.isEmpty() ? null : this.lastQueryIds.get(0);
    }

    /**
     * Reads the inner JSON text; {@code ""} means "none" and gives {@code null}.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of the expected shape
     */
    public static SessionInternal parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("invalid type: expected struct HttpSessionStateInternal");
            }
            String variables = null;
            String cacheKey = "";
            boolean temp = false;
            String node = null;
            List<String> ids = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "variables" -> variables = value == JsonToken.VALUE_NULL ? null : rawJson(parser);
                    case "last_query_result_cache_key" -> cacheKey = value == JsonToken.VALUE_NULL ? "" : parser.getText();
                    case "has_temp_table" -> temp = value == JsonToken.VALUE_TRUE;
                    case "last_node_id" -> node = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "last_query_ids" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (parser.nextToken() != JsonToken.END_ARRAY) {
                                ids.add(parser.getText());
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if ("[]".equals(variables)) {
                variables = null;
            }
            return new SessionInternal(variables, cacheKey, temp, node, ids);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String rawJson(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    /** The compact JSON text, members equal to their default omitted (docs/protocol.md §2.3). */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            if (this.variablesJson != null) {
                generator.writeFieldName("variables");
                generator.writeRawValue(this.variablesJson);
            }
            if (!this.lastQueryResultCacheKey.isEmpty()) {
                generator.writeStringField("last_query_result_cache_key", this.lastQueryResultCacheKey);
            }
            if (this.hasTempTable) {
                generator.writeBooleanField("has_temp_table", true);
            }
            if (this.lastNodeId != null) {
                generator.writeStringField("last_node_id", this.lastNodeId);
            }
            if (!this.lastQueryIds.isEmpty()) {
                generator.writeArrayFieldStart("last_query_ids");
                for (String id : this.lastQueryIds) {
                    generator.writeString(id);
                }
                generator.writeEndArray();
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
