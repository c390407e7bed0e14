package com.databend.r2dbc.tck.server.sql;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Stores the files of a {@code PUT /v1/upload_to_stage} request (docs/protocol.md §8.1): a {@code multipart/form-data}
 * body whose file parts (those with a {@code filename}) go to {@code @<stage>/<relative path>/<filename>}.
 */
public final class StageUpload {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private StageUpload() {
    }

    /**
     * Parses the body and stores every file part.
     *
     * @param stageName    the {@code X-DATABEND-STAGE-NAME} header, or the legacy {@code stage_name} header
     * @param relativePath the {@code X-DATABEND-RELATIVE-PATH} header, or the legacy {@code relative_path}; may be
     *                     {@code null}
     * @param contentType  the request's {@code Content-Type} (carries the boundary)
     * @return the stored file names, in body order (the response's {@code files} member)
     * @throws IllegalArgumentException when the body is not multipart or a part has no file name (HTTP 400 then:
     *                                  {@code Invalid form-data field 'upload': expected a file upload with a
     *                                  filename})
     */
    public static List<String> store(StageStore store, String stageName, String relativePath, String contentType,
                                     byte[] body) {
        requireNonNull(store, "store must not be null");
        requireNonNull(body, "body must not be null");
        if (stageName == null || stageName.isBlank()) {
            throw new IllegalArgumentException("missing header X-DATABEND-STAGE-NAME");
        }
        Matcher boundaryMatcher = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
            || !boundaryMatcher.find()) {
            throw new IllegalArgumentException("expected a multipart/form-data body, got Content-Type " + contentType);
        }
        byte[] delimiter = ("--" + boundaryMatcher.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<String> stored = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        while (position >= 0) {
            int partStart = position + delimiter.length;
            if (partStart + 1 < body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                break;
            }
            partStart = skipLineBreak(body, partStart);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("malformed multipart body: part without headers");
            }
            String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                throw new IllegalArgumentException("malformed multipart body: missing closing boundary");
            }
            int contentEnd = next;
            if (contentEnd >= 2 && body[contentEnd - 2] == '\r' && body[contentEnd - 1] == '\n') {
                contentEnd -= 2;
            }
            Matcher fileName = FILE_NAME.matcher(headers);
            if (!fileName.find() || fileName.group(1).isEmpty()) {
                String field = headers.replaceAll("(?s).*name=\"([^\"]*)\".*", "$1");
                throw new IllegalArgumentException("Invalid form-data field '" + field
                    + "': expected a file upload with a filename");
            }
            store.upload(stageName, relativePath, fileName.group(1), Arrays.copyOfRange(body, contentStart, contentEnd));
            stored.add(fileName.group(1));
            position = next;
        }
        return stored;
    }

    private static int skipLineBreak(byte[] body, int position) {
        if (position + 1 < body.length && body[position] == '\r' && body[position + 1] == '\n') {
            return position + 2;
        }
        return position < body.length && body[position] == '\n' ? position + 1 : position;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(from, 0); i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
