package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.query.ProtocolError;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parts of a {@code multipart/form-data} body (uploads to a stage, docs/protocol.md §8). */
final class MultipartBody {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|[^;\\s]+)");

    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");

    private static final Pattern FILE_NAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");

    /** One part; {@code fileName} is {@code null} for plain fields. */
    record Part(String name, String fileName, byte[] content) {
    }

    private MultipartBody() {
    }

    /** The boundary of a {@code multipart/form-data} content type. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ProtocolError(400, "invalid content type `" + contentType + "`, expect: `multipart/form-data`");
        }
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw new ProtocolError(400, "multipart/form-data without boundary");
        }
        return boundaryMatch.group(2) != null ? boundaryMatch.group(2) : boundaryMatch.group(1);
    }

    static List<Part> parse(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw new ProtocolError(400, "malformed multipart body: boundary not found");
        }
        position += delimiter.length;
        while (true) {
            if (position + 1 < body.length && body[position] == '-' && body[position + 1] == '-') {
                return parts;
            }
            position = skipLineBreak(body, position);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
            if (headersEnd < 0) {
                throw new ProtocolError(400, "malformed multipart body: part headers not terminated");
            }
            String headers = new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, separator, contentStart);
            if (contentEnd < 0) {
                throw new ProtocolError(400, "malformed multipart body: closing boundary not found");
            }
            parts.add(describe(headers, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + separator.length;
        }
    }

    /** The part with {@code headers} (lines separated by CRLF) and {@code content}. */
    static Part describe(String headers, byte[] content) {
        String name = null;
        String fileName = null;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher nameMatch = NAME.matcher(line);
                if (nameMatch.find()) {
                    name = nameMatch.group(1);
                }
                Matcher fileMatch = FILE_NAME.matcher(line);
                if (fileMatch.find()) {
                    fileName = fileMatch.group(1);
                }
            }
        }
        return new Part(name, fileName, content);
    }

    private static int skipLineBreak(byte[] body, int position) {
        int at = position;
        while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
            at++;
        }
        if (at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n') {
            return at + 2;
        }
        return at;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
