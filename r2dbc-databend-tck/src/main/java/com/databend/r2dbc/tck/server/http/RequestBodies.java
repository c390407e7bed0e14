package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.Pagination;
import com.databend.r2dbc.tck.server.query.ProtocolError;
import com.databend.r2dbc.tck.server.query.QueryRequest;
import com.databend.r2dbc.tck.server.session.SessionInternal;
import com.databend.r2dbc.tck.server.session.SessionState;
import com.databend.r2dbc.tck.server.session.TxnState;
import com.databend.r2dbc.tck.server.sql.StageAttachment;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads request bodies with the streaming parser; unknown members are ignored. Failures become HTTP 400
 * {@code parse error: …} with serde_json-like texts (docs/protocol.md §2.1, golden 11).
 */
final class RequestBodies {

    private static final JsonFactory JSON = new JsonFactory();

    private RequestBodies() {
    }

    /** A type or value problem, reported at the parser's position. */
    private static final class Invalid extends RuntimeException {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads one body; every failure becomes the 400 {@code parse error} answer. */
    @FunctionalInterface
    private interface BodyReader<T> {

        T read(JsonParser parser) throws IOException;
    }

    static QueryRequest queryRequest(byte[] body) {
        return parse(body, RequestBodies::readQueryRequest);
    }

    /** {@code node_to_queries} of a heartbeat request, in request order. */
    static Map<String, List<String>> heartbeat(byte[] body) {
        return parse(body, p -> {
            expect(p.nextToken(), JsonToken.START_OBJECT, "struct HeartBeatRequest");
            Map<String, List<String>> result = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if ("node_to_queries".equals(name)) {
                    expect(token, JsonToken.START_OBJECT, "a map");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String node = p.currentName();
                        result.put(node, stringArray(p, p.nextToken()));
                    }
                } else {
                    p.skipChildren();
                }
            }
            return result;
        });
    }

    /** A raw JSON {@code HttpSessionConf}, as in the {@code X-DATABEND-QUERY-CONTEXT} request header. */
    static SessionState sessionContext(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8), p -> readSession(p, p.nextToken()));
    }

    /** The {@code session_token} of a refresh request, or {@code null}; an empty body is accepted. */
    static String refreshSessionToken(byte[] body) {
        return stringMember(body, "session_token", "struct RefreshRequest");
    }

    /** The {@code database} of a login request, or {@code null}; an empty body is accepted. */
    static String loginDatabase(byte[] body) {
        return stringMember(body, "database", "struct LoginRequest");
    }

    /** The string {@code member} of an object body, or {@code null}; an empty body is accepted. */
    private static String stringMember(byte[] body, String member, String struct) {
        if (body.length == 0) {
            return null;
        }
        return parse(body, p -> {
            expect(p.nextToken(), JsonToken.START_OBJECT, struct);
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (member.equals(name)) {
                    value = nullableString(p, token);
                } else {
                    p.skipChildren();
                }
            }
            return value;
        });
    }

    private static <T> T parse(byte[] body, BodyReader<T> reader) {
        try (JsonParser p = JSON.createParser(body)) {
            try {
                return reader.read(p);
            } catch (Invalid e) {
                throw parseError(e.getMessage(), p.currentLocation());
            }
        } catch (JsonParseException e) {
            throw parseError(syntaxText(e), e.getLocation());
        } catch (IOException e) {
            throw new ProtocolError(400, "parse error: " + e.getMessage());
        }
    }

    private static ProtocolError parseError(String text, JsonLocation location) {
        return new ProtocolError(400, "parse error: " + text + " at line " + location.getLineNr() + " column "
            + Math.max(1, location.getColumnNr()));
    }

    private static String syntaxText(JsonParseException e) {
        String message = e.getOriginalMessage();
        if (message.contains("double-quote to start field name")) {
            return "key must be a string";
        }
        if (message.contains("end-of-input")) {
            return "EOF while parsing a value";
        }
        return "expected value";
    }

    private static QueryRequest readQueryRequest(JsonParser p) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, "struct HttpQueryRequest");
        String sql = null;
        SessionState session = null;
        Pagination pagination = Pagination.defaults();
        Object params = null;
        StageAttachment attachment = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            switch (name) {
                case "sql" -> {
                    expect(token, JsonToken.VALUE_STRING, "a string");
                    sql = p.getText();
                }
                case "session" -> session = token == JsonToken.VALUE_NULL ? null : readSession(p, token);
                case "pagination" -> pagination = token == JsonToken.VALUE_NULL ? Pagination.defaults()
                    : readPagination(p, token);
                case "params" -> params = token == JsonToken.VALUE_NULL ? null : readParams(p, token);
                case "stage_attachment" -> attachment = token == JsonToken.VALUE_NULL ? null
                    : readStageAttachment(p, token);
                case "session_id" -> nullableString(p, token);
                case "string_fields" -> {
                    if (token != JsonToken.VALUE_NULL && !token.isBoolean()) {
                        throw new Invalid("invalid type: " + describe(p, token) + ", expected a boolean");
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new Invalid("trailing characters");
        }
        if (sql == null) {
            throw new Invalid("missing field `sql`");
        }
        return new QueryRequest(sql, session, pagination, params, attachment);
    }

    private static StageAttachment readStageAttachment(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_OBJECT, "struct StageAttachmentConf");
        String location = null;
        Map<String, String> fileFormat = null;
        Map<String, String> copy = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "location" -> location = nullableString(p, value);
                case "file_format_options" -> fileFormat = value == JsonToken.VALUE_NULL ? null : readSettings(p, value);
                case "copy_options" -> copy = value == JsonToken.VALUE_NULL ? null : readSettings(p, value);
                default -> p.skipChildren();
            }
        }
        if (location == null) {
            throw new Invalid("missing field `location`");
        }
        return new StageAttachment(location, fileFormat, copy);
    }

    private static SessionState readSession(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_OBJECT, "struct HttpSessionConf");
        String catalog = null;
        String database = null;
        String role = null;
        List<String> secondaryRoles = null;
        TreeMap<String, String> settings = null;
        TxnState txnState = null;
        boolean needSticky = false;
        boolean needKeepAlive = false;
        SessionInternal internal = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "catalog" -> catalog = nullableString(p, value);
                case "database" -> database = nullableString(p, value);
                case "role" -> role = nullableString(p, value);
                case "secondary_roles" -> secondaryRoles = value == JsonToken.VALUE_NULL ? null : stringArray(p, value);
                case "settings" -> settings = value == JsonToken.VALUE_NULL ? null : readSettings(p, value);
                case "txn_state" -> {
                    String text = nullableString(p, value);
                    try {
                        txnState = TxnState.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new Invalid(e.getMessage());
                    }
                }
                case "need_sticky" -> needSticky = bool(p, value);
                case "need_keep_alive" -> needKeepAlive = bool(p, value);
                case "internal" -> {
                    String text = nullableString(p, value);
                    try {
                        internal = SessionInternal.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new Invalid(e.getMessage());
                    }
                }
                default -> p.skipChildren();
            }
        }
        return new SessionState(catalog, database, role, secondaryRoles, settings, txnState, needSticky,
            needKeepAlive, internal);
    }

    private static TreeMap<String, String> readSettings(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_OBJECT, "a map");
        TreeMap<String, String> settings = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            expect(value, JsonToken.VALUE_STRING, "a string");
            settings.put(name, p.getText());
        }
        return settings;
    }

    private static Pagination readPagination(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_OBJECT, "struct PaginationConf");
        long wait = Pagination.DEFAULT_WAIT_TIME_SECS;
        long buffer = Pagination.DEFAULT_MAX_ROWS_IN_BUFFER;
        long page = Pagination.DEFAULT_MAX_ROWS_PER_PAGE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "wait_time_secs" -> wait = unsigned(p, value, "u32", wait);
                case "max_rows_in_buffer" -> buffer = unsigned(p, value, "usize", buffer);
                case "max_rows_per_page" -> page = unsigned(p, value, "usize", page);
                default -> p.skipChildren();
            }
        }
        return new Pagination(wait, buffer, page);
    }

    private static long unsigned(JsonParser p, JsonToken token, String type, long fallback) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return fallback;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw new Invalid("invalid type: " + describe(p, token) + ", expected " + type);
        }
        BigInteger value = p.getBigIntegerValue();
        if (value.signum() < 0 || value.bitLength() > 63) {
            throw new Invalid("invalid value: integer `" + value + "`, expected " + type);
        }
        return value.longValue();
    }

    private static Object readParams(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.START_ARRAY) {
            List<Object> values = new ArrayList<>();
            JsonToken next;
            while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                values.add(scalar(p, next));
            }
            return values;
        }
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> values = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                values.put(name, scalar(p, p.nextToken()));
            }
            return values;
        }
        return List.of(scalar(p, token));
    }

    private static Object scalar(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                BigInteger integer = p.getBigIntegerValue();
                return integer.bitLength() <= 63 ? (Object) integer.longValue() : new BigDecimal(integer);
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            default:
                StringWriter out = new StringWriter();
                try (JsonGenerator generator = JSON.createGenerator(out)) {
                    generator.copyCurrentStructure(p);
                }
                return out.toString();
        }
    }

    private static List<String> stringArray(JsonParser p, JsonToken token) throws IOException {
        expect(token, JsonToken.START_ARRAY, "a sequence");
        List<String> values = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
            expect(next, JsonToken.VALUE_STRING, "a string");
            values.add(p.getText());
        }
        return values;
    }

    private static String nullableString(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(token, JsonToken.VALUE_STRING, "a string");
        return p.getText();
    }

    private static boolean bool(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (!token.isBoolean()) {
            throw new Invalid("invalid type: " + describe(p, token) + ", expected a boolean");
        }
        return token == JsonToken.VALUE_TRUE;
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
        if (actual != expected) {
            throw new Invalid("invalid type: " + describeToken(actual) + ", expected " + what);
        }
    }

    private static String describe(JsonParser p, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> "string \"" + p.getText() + "\"";
            case VALUE_NUMBER_INT -> "integer `" + p.getText() + "`";
            case VALUE_NUMBER_FLOAT -> "floating point `" + p.getText() + "`";
            case VALUE_TRUE, VALUE_FALSE -> "boolean `" + p.getText() + "`";
            default -> describeToken(token);
        };
    }

    private static String describeToken(JsonToken token) {
        if (token == null) {
            return "end of input";
        }
        return switch (token) {
            case START_OBJECT -> "map";
            case START_ARRAY -> "sequence";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "integer";
            case VALUE_NUMBER_FLOAT -> "floating point";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }
}
