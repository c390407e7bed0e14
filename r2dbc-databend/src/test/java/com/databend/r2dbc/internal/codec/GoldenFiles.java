package com.databend.r2dbc.internal.codec;

import com.databend.r2dbc.internal.client.QueryResponse;
import com.databend.r2dbc.internal.client.ResponseParser;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the recorded Databend responses of the r2dbc-databend-test-support module, a test dependency that holds
 * them as class-path resources under {@code databend-golden/}. Response bodies and data arrays go through the
 * driver's own {@link ResponseParser}, so the cells the tests decode are the cells the driver would see.
 */
final class GoldenFiles {

    private static final JsonFactory JSON = new JsonFactory();

    private GoldenFiles() {
    }

    static String read(String name) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/databend-golden/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No golden file " + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete query response: its schema types and its data cells. */
    record Response(List<String> types, List<List<String>> data) {
    }

    /** A recorded response body read by the driver's own parser. */
    static Response response(String name) {
        QueryResponse parsed = parse(read(name));
        return new Response(parsed.schema().stream().map(QueryResponse.SchemaField::type).toList(), rows(parsed));
    }

    /**
     * The {@code data} arrays printed (by jq) under the {@code === title ===} line of a .result.txt file, each read
     * by the driver's own parser as the {@code data} member of a response.
     */
    static List<List<List<String>>> dataSections(String name, String title) {
        String text = read(name);
        String header = "=== " + title + " ===";
        int start = text.indexOf(header);
        if (start < 0) {
            throw new IllegalStateException("No section '" + title + "' in " + name);
        }
        int end = text.indexOf("\n===", start + header.length());
        String section = text.substring(start + header.length(), end < 0 ? text.length() : end);
        List<List<List<String>>> arrays = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(section)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.START_ARRAY) {
                    int from = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int to = (int) parser.currentLocation().getCharOffset();
                    arrays.add(rows(parse("{\"data\":" + section.substring(from, to) + "}")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return arrays;
    }

    private static QueryResponse parse(String body) {
        try {
            return ResponseParser.parseQueryResponse(body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<String>> rows(QueryResponse response) {
        return response.rowsAsStrings().stream().map(Arrays::asList).toList();
    }

    /**
     * The result lines of every sqllogictest block of golden 22 whose SQL contains {@code sqlFragment}, in file
     * order: the lines after {@code ----} up to the next blank line. The sqllogictest client prints JSON null
     * as {@code NULL}; such lines are returned as null.
     */
    static List<List<String>> sqlLogicResults(String sqlFragment) {
        String[] lines = read("22_type_rendering_sqllogictest_excerpts.txt").split("\n", -1);
        List<List<String>> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].contains(sqlFragment) || lines[i].startsWith("#")) {
                continue;
            }
            int separator = i + 1;
            while (separator < lines.length && !lines[separator].equals("----") && !lines[separator].isBlank()) {
                separator++;
            }
            if (separator >= lines.length || !lines[separator].equals("----")) {
                continue;
            }
            List<String> results = new ArrayList<>();
            for (int j = separator + 1; j < lines.length && !lines[j].isEmpty(); j++) {
                results.add(lines[j].equals("NULL") ? null : lines[j]);
            }
            blocks.add(results);
        }
        if (blocks.isEmpty()) {
            throw new IllegalStateException("No query containing '" + sqlFragment + "' in golden 22");
        }
        return blocks;
    }
}
