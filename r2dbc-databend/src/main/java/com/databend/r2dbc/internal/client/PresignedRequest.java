package com.databend.r2dbc.internal.client;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to {@code PRESIGN} (docs/protocol.md §8.2): the method, the headers to send and the signed URL. The URL
 * is a credential: it is never quoted in a message, only its host.
 *
 * @param method  {@code PUT} for an upload, {@code GET} for a download
 * @param headers the headers the signature covers (the storage's {@code host} among them)
 * @param url     the signed URL
 */
public record PresignedRequest(String method, Map<String, String> headers, String url) {

    public PresignedRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * Reads one row of {@code PRESIGN}: {@code headers} is a JSON object of strings.
     *
     * @throws IllegalArgumentException when the headers are not a JSON object of strings
     */
    public static PresignedRequest of(String method, String headersJson, String url) {
        Map<String, String> headers = new LinkedHashMap<>();
        try (JsonParser parser = ResponseParser.JSON.createParser(headersJson == null ? "{}" : headersJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("PRESIGN answered headers that are not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                headers.put(name, parser.getValueAsString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("PRESIGN answered headers that are not JSON", e);
        }
        return new PresignedRequest(method, headers, url);
    }

    /** The host and port the URL points at, which messages may name. */
    String endpoint() {
        return URI.create(url).getAuthority();
    }

    @Override
    public String toString() {
        return "PresignedRequest{method=" + method + ", endpoint=" + endpoint() + '}';
    }
}
