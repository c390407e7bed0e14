package com.databend.r2dbc.internal.client;

import com.databend.r2dbc.api.DatabendQueryProgress;
import com.databend.r2dbc.internal.codec.PageCells;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads Databend response bodies with Jackson's streaming parser, straight from the received bytes.
 * Unknown members are skipped, so newer servers with more members still parse.
 */
public final class ResponseParser {

    /**
     * Databend sends a cell whole however long it is (a page holds at least one row), and the body is already
     * in memory as bytes, so a cell is limited only by the body: no string length limit below a Java string's.
     */
    static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private static final byte[] NO_MORE_MEMBERS = {'{', '}'};

    private ResponseParser() {
    }

    /** Parses a {@code QueryResponse} (or an error body {@code {"error":{...}}}, which yields only an error). */
    public static QueryResponse parseQueryResponse(byte[] body) throws IOException {
        byte[] source = body;
        JsonParser parser = JSON.createParser(body);
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("response is not a JSON object");
            }
            String id = null;
            String nodeId = null;
            String state = null;
            SessionSnapshot session = null;
            QueryResponse.QueryError error = null;
            List<String> warnings = Collections.emptyList();
            List<QueryResponse.SchemaField> schema = Collections.emptyList();
            PageCells data = PageCells.empty();
            Long resultTimeoutSecs = null;
            String timezone = null;
            String binaryFormat = null;
            DatabendQueryProgress progress = DatabendQueryProgress.NONE;
            String finalUri = null;
            String nextUri = null;
            String killUri = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "id" -> id = text(parser, token);
                    case "node_id" -> nodeId = text(parser, token);
                    case "state" -> state = text(parser, token);
                    case "session" -> session = token == JsonToken.START_OBJECT ? readSession(parser) : null;
                    case "error" -> error = token == JsonToken.START_OBJECT ? readError(parser) : null;
                    case "warnings" -> warnings = token == JsonToken.START_ARRAY ? readStrings(parser) : warnings;
                    case "schema" -> schema = token == JsonToken.START_ARRAY ? readSchema(parser) : schema;
                    case "data" -> {
                        if (token == JsonToken.START_ARRAY) {
                            DataScanner scanner = new DataScanner(source, arrayStart(parser));
                            data = scanner.rows();
                            parser.close();
                            source = remainingMembers(source, scanner.end());
                            parser = JSON.createParser(source);
                            parser.nextToken();
                        } else {
                            parser.skipChildren();
                        }
                    }
                    case "result_timeout_secs" -> resultTimeoutSecs = token.isNumeric() ? parser.getLongValue() : null;
                    case "settings" -> {
                        if (token == JsonToken.START_OBJECT) {
                            String[] settings = readResponseSettings(parser);
                            timezone = settings[0];
                            binaryFormat = settings[1];
                        }
                    }
                    case "stats" -> progress = token == JsonToken.START_OBJECT ? readProgress(parser) : progress;
                    case "final_uri" -> finalUri = text(parser, token);
                    case "next_uri" -> nextUri = text(parser, token);
                    case "kill_uri" -> killUri = text(parser, token);
                    default -> parser.skipChildren();
                }
            }
            return new QueryResponse(id, nodeId, state, session, error, warnings, schema, data, resultTimeoutSecs,
                    timezone, binaryFormat, progress, finalUri, nextUri, killUri);
        } finally {
            parser.close();
        }
    }

    /** The {@code error} member of any JSON body, or {@code null} when there is none or the body is not JSON. */
    public static QueryResponse.QueryError parseErrorBody(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(body)) {
            return seekMember(parser, "error") == JsonToken.START_OBJECT ? readError(parser) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A streaming load's answer (docs/protocol.md §8.4); {@code fallbackId} when it names no query. */
    public static LoadResponse parseLoadResponse(byte[] body, String fallbackId) throws IOException {
        String id = fallbackId;
        long[] stats = new long[2];
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("id".equals(name) && token == JsonToken.VALUE_STRING) {
                    id = parser.getText();
                } else if ("stats".equals(name)) {
                    readRowsAndBytes(parser, token, stats);
                } else {
                    parser.skipChildren();
                }
            }
        }
        return new LoadResponse(id, stats[0], stats[1]);
    }

    /** A session object given as JSON text, e.g. a streaming load's {@code X-DATABEND-QUERY-CONTEXT}. */
    public static SessionSnapshot parseSession(byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a session object");
            }
            return readSession(parser);
        }
    }

    /** {@code version} of a {@code LoginResponse} (docs/protocol.md §7), or {@code null}. */
    public static String parseLoginVersion(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken token = seekMember(parser, "version");
            return token == null ? null : text(parser, token);
        }
    }

    /**
     * The {@code tokens} of a login or refresh answer (docs/protocol.md §7), received at {@code receivedAt}
     * ({@link System#nanoTime()}), or {@code null} when it has none.
     */
    static TokenPair parseTokens(byte[] body, long receivedAt) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            if (seekMember(parser, "tokens") != JsonToken.START_OBJECT) {
                return null;
            }
            String sessionToken = null;
            String refreshToken = null;
            long ttlSecs = -1;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "session_token" -> sessionToken = text(parser, token);
                    case "refresh_token" -> refreshToken = text(parser, token);
                    case "session_token_ttl_in_secs" -> ttlSecs = token == JsonToken.VALUE_NUMBER_INT
                            ? parser.getLongValue() : -1;
                    default -> parser.skipChildren();
                }
            }
            if (sessionToken == null || refreshToken == null || ttlSecs <= 0) {
                throw new IOException("tokens without session_token, refresh_token or session_token_ttl_in_secs");
            }
            return new TokenPair(sessionToken, refreshToken, Duration.ofSeconds(ttlSecs), receivedAt);
        }
    }

    /** {@code queries_to_remove} of a heartbeat response (docs/protocol.md §4.4). */
    public static List<String> parseQueriesToRemove(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            return seekMember(parser, "queries_to_remove") == JsonToken.START_ARRAY ? readStrings(parser)
                    : Collections.emptyList();
        }
    }

    /**
     * Moves {@code parser} to the value of the top-level {@code member} of an object and returns the value's
     * first token, or {@code null} when the body is not an object or has no such member.
     */
    private static JsonToken seekMember(JsonParser parser, String member) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (member.equals(name)) {
                return token;
            }
            parser.skipChildren();
        }
        return null;
    }

    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    /** Reads the session object once, keeping its JSON verbatim for the next request while picking out members. */
    private static SessionSnapshot readSession(JsonParser parser) throws IOException {
        StringWriter raw = new StringWriter(256);
        String database = null;
        String txnState = null;
        boolean needSticky = false;
        boolean needKeepAlive = false;
        String warehouse = null;
        try (JsonGenerator generator = JSON.createGenerator(raw)) {
            generator.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "database" -> database = token.isScalarValue() && token != JsonToken.VALUE_NULL
                            ? parser.getText() : null;
                    case "txn_state" -> txnState = token.isScalarValue() && token != JsonToken.VALUE_NULL
                            ? parser.getText() : null;
                    case "need_sticky" -> needSticky = token == JsonToken.VALUE_TRUE;
                    case "need_keep_alive" -> needKeepAlive = token == JsonToken.VALUE_TRUE;
                    default -> {
                    }
                }
                generator.writeFieldName(name);
                if (name.equals("settings") && token == JsonToken.START_OBJECT) {
                    warehouse = copySettings(parser, generator);
                } else {
                    generator.copyCurrentStructure(parser);
                }
            }
            generator.writeEndObject();
        }
        return new SessionSnapshot(raw.toString(), database, txnState, needSticky, needKeepAlive, warehouse);
    }

    /** Copies a {@code settings} object and returns its {@code warehouse}: {@code null} when absent or empty. */
    private static String copySettings(JsonParser parser, JsonGenerator generator) throws IOException {
        String warehouse = null;
        generator.writeStartObject();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (name.equals("warehouse") && token == JsonToken.VALUE_STRING && !parser.getText().isEmpty()) {
                warehouse = parser.getText();
            }
            generator.writeFieldName(name);
            generator.copyCurrentStructure(parser);
        }
        generator.writeEndObject();
        return warehouse;
    }

    private static QueryResponse.QueryError readError(JsonParser parser) throws IOException {
        int code = 0;
        String message = null;
        String detail = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "code" -> code = token.isNumeric() ? parser.getIntValue() : parseCode(text(parser, token));
                case "message" -> message = text(parser, token);
                case "detail" -> detail = text(parser, token);
                default -> parser.skipChildren();
            }
        }
        return new QueryResponse.QueryError(code, message == null ? "" : message, detail);
    }

    private static int parseCode(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> readStrings(JsonParser parser) throws IOException {
        List<String> values = null;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (values == null) {
                values = new ArrayList<>(4);
            }
            values.add(text(parser, token));
        }
        return values == null ? Collections.emptyList() : values;
    }

    private static List<QueryResponse.SchemaField> readSchema(JsonParser parser) throws IOException {
        List<QueryResponse.SchemaField> fields = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String type = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String member = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("name".equals(member)) {
                    name = text(parser, token);
                } else if ("type".equals(member)) {
                    type = text(parser, token);
                } else {
                    parser.skipChildren();
                }
            }
            fields.add(new QueryResponse.SchemaField(name, type));
        }
        return fields;
    }

    /**
     * Where the elements of the array whose {@code [} the parser just read start in its input. The parser goes no
     * further into the array: {@link DataScanner} reads it, checking it as the parser would, and finds its cells in
     * the same bytes, which are all in memory: no token and no String per cell (docs/architecture.md, "A statement
     * is a stream of pages").
     */
    private static int arrayStart(JsonParser parser) throws IOException {
        long start = parser.currentLocation().getByteOffset();
        if (start < 0) {
            throw new IOException("response body is not UTF-8 JSON");
        }
        return (int) start;
    }

    /**
     * The members of the object that follow a member's value ending at {@code body[from]}, as an object of their
     * own for a new parser ({@code {}} when there are none): the parser that read the members before the
     * {@code data} array cannot be moved past it. The tail is small: the state, stats and URIs.
     */
    private static byte[] remainingMembers(byte[] body, int from) throws IOException {
        int pos = skipSpace(body, from);
        if (pos < body.length && body[pos] == '}') {
            return NO_MORE_MEMBERS;
        }
        if (pos >= body.length || body[pos] != ',') {
            throw new IOException("expected ',' or '}' after the data array at byte " + pos);
        }
        int next = skipSpace(body, pos + 1);
        if (next >= body.length || body[next] != '"') {
            throw new IOException("expected a member name after ',' at byte " + next);
        }
        byte[] tail = new byte[body.length - next + 1];
        tail[0] = '{';
        System.arraycopy(body, next, tail, 1, body.length - next);
        return tail;
    }

    private static int skipSpace(byte[] body, int from) {
        int pos = from;
        while (pos < body.length && isSpace(body[pos])) {
            pos++;
        }
        return pos;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static String[] readResponseSettings(JsonParser parser) throws IOException {
        String[] values = new String[2];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if ("timezone".equals(name)) {
                values[0] = text(parser, token);
            } else if ("binary_output_format".equals(name)) {
                values[1] = text(parser, token);
            } else {
                parser.skipChildren();
            }
        }
        return values;
    }

    private static DatabendQueryProgress readProgress(JsonParser parser) throws IOException {
        long[] scan = {0, 0};
        long[] write = {0, 0};
        long[] result = {0, 0};
        long[] total = {0, 0};
        long runningTime = 0;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "scan_progress" -> readRowsAndBytes(parser, token, scan);
                case "write_progress" -> readRowsAndBytes(parser, token, write);
                case "result_progress" -> readRowsAndBytes(parser, token, result);
                case "total_scan" -> readRowsAndBytes(parser, token, total);
                // an integer today, a float on old servers
                case "running_time_ms" -> runningTime = token.isNumeric() ? (long) parser.getDoubleValue() : 0;
                default -> parser.skipChildren();
            }
        }
        return new DatabendQueryProgress(scan[0], scan[1], write[0], write[1], result[0], result[1], total[0],
                total[1], runningTime);
    }

    private static void readRowsAndBytes(JsonParser parser, JsonToken token, long[] into) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String member = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("rows".equals(member) && value.isNumeric()) {
                into[0] = parser.getLongValue();
            } else if ("bytes".equals(member) && value.isNumeric()) {
                into[1] = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
    }
}
