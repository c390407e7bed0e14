package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.ResponseParser;
import com.databend.r2dbc.internal.codec.DecodeContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A row of the given cells, as if received in a page's {@code data} (null = SQL NULL). */
final class TestRows {

    private TestRows() {
    }

    static DatabendRow row(DatabendRowMetadata metadata, String... cells) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(body)) {
            json.writeStartObject();
            json.writeArrayFieldStart("data");
            json.writeStartArray();
            for (String cell : cells) {
                json.writeString(cell);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new DatabendRow(new RowsOfPage(ResponseParser.parseQueryResponse(body.toByteArray()).cells(),
                metadata, DecodeContext.defaults()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
