package com.databend.r2dbc.benchmarks.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The floor: the JDK's HTTP client and Jackson's streaming parser speaking the protocol directly
 * (docs/protocol.md §4.5: {@code POST /v1/query}, follow {@code next_uri}, call the final URI), each cell hashed
 * as the text it arrives as, nothing converted. Bulk rows go as a ready CSV file in one
 * {@code PUT /v1/streaming_load} (§8.4), the request {@code curl -F upload=@rows.csv} makes.
 */
final class RawClient implements Client {

    static final String NAME = "raw";

    private static final JsonFactory JSON = new JsonFactory();

    private static final String AUTHORIZATION = "Basic " + Base64.getEncoder()
        .encodeToString((ServerProcess.USER + ":" + ServerProcess.PASSWORD).getBytes(StandardCharsets.UTF_8));

    private static final String BOUNDARY = "r2dbc-databend-benchmark-boundary";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private URI server;

    @Override
    public void prepare(Job job) throws IOException, InterruptedException {
        this.server = job.server();
        switch (job.workload()) {
            case BULK_INSERT -> {
                for (String sql : Workload.CREATE_BULK_TABLE) {
                    query(sql, new Checksum(), null);
                }
            }
            case SELECT_ONE -> selectOne(job.warmupQueries());
            case READ -> {
            }
            default -> throw new IllegalArgumentException("the raw client does not run " + job.workload());
        }
    }

    @Override
    public Outcome run(Job job) throws IOException, InterruptedException {
        return switch (job.workload()) {
            case READ -> Outcome.of(query(Workload.mixedSql(job.rows()), new Checksum(), null));
            case SELECT_ONE -> Outcome.of(selectOne(job.queries()));
            case BULK_INSERT -> new Outcome(upload(job), 0);
            default -> throw new IllegalArgumentException("the raw client does not run " + job.workload());
        };
    }

    /** The read-back's two cells are the only ones this client turns into numbers. */
    @Override
    public Outcome readBack(Job job, Outcome measured) throws IOException, InterruptedException {
        if (job.workload() != Workload.BULK_INSERT) {
            return measured;
        }
        List<String> cells = new ArrayList<>();
        query(Workload.READ_BACK_SQL, new Checksum(), cells);
        if (cells.size() != 2) {
            throw new IllegalStateException("expected one row of two cells, not " + cells);
        }
        return new Outcome(Long.parseLong(cells.get(0)), Long.parseLong(cells.get(1)));
    }

    private Checksum selectOne(int queries) throws IOException, InterruptedException {
        Checksum total = new Checksum();
        for (int i = 0; i < queries; i++) {
            query("SELECT 1", total, null);
        }
        return total;
    }

    /**
     * Runs {@code sql} to its end, each row into {@code checksum} and, when given, each cell's text into
     * {@code cells}: pages are followed until the final URI, whose answer has no {@code next_uri}.
     */
    private Checksum query(String sql, Checksum checksum, List<String> cells) throws IOException,
        InterruptedException {
        String next = page(post("/v1/query", startBody(sql)), checksum, cells);
        while (next != null) {
            next = page(get(next), checksum, cells);
        }
        return checksum;
    }

    /**
     * Reads one response: its rows into {@code checksum} (and their text into {@code cells} when given); answers
     * its {@code next_uri}.
     */
    private static String page(HttpResponse<InputStream> response, Checksum checksum, List<String> cells)
        throws IOException {
        String next = null;
        try (JsonParser parser = JSON.createParser(response.body())) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "data" -> readRows(parser, checksum, cells);
                    case "next_uri" -> next = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "error" -> {
                        if (value != JsonToken.VALUE_NULL) {
                            throw new IOException("query failed: " + skipAsText(parser));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        return next;
    }

    private static void readRows(JsonParser parser, Checksum checksum, List<String> cells) throws IOException {
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            JsonToken cell;
            while ((cell = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (cell == JsonToken.VALUE_NULL) {
                    checksum.cellHash(0);
                } else {
                    checksum.cellHash(textHash(parser.getTextCharacters(), parser.getTextOffset(),
                        parser.getTextLength()));
                    if (cells != null) {
                        cells.add(parser.getText());
                    }
                }
            }
            checksum.endRow();
        }
    }

    /** {@code String.hashCode} of the text, without making the string. */
    private static long textHash(char[] text, int offset, int length) {
        int hash = 0;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + text[i];
        }
        return hash;
    }

    private static String skipAsText(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    private static String startBody(String sql) throws IOException {
        StringWriter body = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(body)) {
            generator.writeStartObject();
            generator.writeStringField("sql", sql);
            generator.writeObjectFieldStart("pagination");
            generator.writeNumberField("wait_time_secs", 10);
            generator.writeNumberField("max_rows_per_page", 10_000);
            generator.writeEndObject();
            generator.writeEndObject();
        }
        return body.toString();
    }

    private HttpResponse<InputStream> post(String path, String json) throws IOException, InterruptedException {
        return this.http.send(request(path).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpResponse<InputStream> get(String path) throws IOException, InterruptedException {
        return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(this.server.resolve(path)).header("Authorization", AUTHORIZATION);
    }

    /** The CSV file as the one file part of a multipart body, streamed from disk. */
    private long upload(Job job) throws IOException, InterruptedException {
        byte[] head = ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"rows.csv\""
            + "\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = request("/v1/streaming_load")
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .header("X-DATABEND-SQL", "INSERT INTO " + Workload.BULK_TABLE
                + " FROM @_databend_load FILE_FORMAT = (TYPE = CSV)")
            .PUT(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofFile(job.csv()), HttpRequest.BodyPublishers.ofByteArray(tail)))
            .build();
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("streaming load: HTTP " + response.statusCode() + ": " + response.body());
        }
        return job.rows();
    }

    /** The JDK's client (before Java 21) closes its connections when it is collected. */
    @Override
    public void close() {
    }
}
