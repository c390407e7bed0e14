package com.databend.r2dbc.tck.server.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads NDJSON: one JSON object a line, its members matched to the target columns by name (case-insensitively); a
 * missing member or JSON {@code null} is NULL, a nested value is kept as its JSON text.
 */
final class NdjsonReader implements RecordSource {

    private static final JsonFactory JSON = new JsonFactory();

    private final BufferedReader input;

    private final List<String> columns;

    private int line;

    private int recordLine;

    NdjsonReader(Reader input, List<String> columns) {
        this.input = new BufferedReader(input, 64 * 1024);
        this.columns = columns.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public int line() {
        return this.recordLine;
    }

    @Override
    public List<String> next() throws IOException {
        String text;
        do {
            text = this.input.readLine();
            this.line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        this.recordLine = this.line;
        String[] values = new String[this.columns.size()];
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DatabendError(1046, "NDJSON line is not a JSON object: " + text, where());
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int column = this.columns.indexOf(parser.currentName().toLowerCase(Locale.ROOT));
                JsonToken value = parser.nextToken();
                String rendered = value.isStructStart() ? structure(parser) : value == JsonToken.VALUE_NULL ? null
                    : parser.getText();
                if (column >= 0) {
                    values[column] = rendered;
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DatabendError(1046, "Invalid JSON: " + e.getOriginalMessage(), where());
        }
        return new ArrayList<>(Arrays.asList(values));
    }

    private String where() {
        return "at line " + this.recordLine;
    }

    private static String structure(JsonParser parser) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }
}
