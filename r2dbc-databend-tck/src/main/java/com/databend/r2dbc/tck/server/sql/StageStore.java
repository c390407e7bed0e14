package com.databend.r2dbc.tck.server.sql;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The files of Databend stages, in memory: the user stage {@code @~} and named stages. Filled by
 * {@code PUT /v1/upload_to_stage}, read by INSERTs with a stage attachment, emptied by {@code REMOVE @...}.
 * Paths are kept as {@code <stage>/<path>} without leading or doubled slashes.
 */
public final class StageStore {

    /**
     * One staged file.
     *
     * @param md5          the content's MD5 in hex, {@code null} for a content still arriving
     * @param lastModified when it was stored
     */
    public record StagedFile(String path, StagedContent content, String md5, Instant lastModified) {

        /** The last segment of the path. */
        public String name() {
            int slash = this.path.lastIndexOf('/');
            return slash >= 0 ? this.path.substring(slash + 1) : this.path;
        }
    }

    /** A stored content with what {@code LIST} tells of it. */
    private record Stored(StagedContent content, String md5, Instant lastModified) {
    }

    private final Map<String, Stored> files = new ConcurrentSkipListMap<>();

    private final AtomicLong uploads = new AtomicLong();

    private final PresignedUrls presigned = new PresignedUrls(Clock.systemUTC());

    /**
     * Stores a file uploaded through {@code /v1/upload_to_stage}.
     *
     * @param stageName    the {@code X-DATABEND-STAGE-NAME} (or legacy {@code stage_name}) header: {@code ~} or a name
     * @param relativePath the {@code X-DATABEND-RELATIVE-PATH} (or legacy {@code relative_path}) header, may be empty
     * @param fileName     the part's file name
     */
    public void upload(String stageName, String relativePath, String fileName, byte[] content) {
        requireNonNull(stageName, "stageName must not be null");
        requireNonNull(fileName, "fileName must not be null");
        requireNonNull(content, "content must not be null");
        String stage = stageName.startsWith("@") ? stageName.substring(1) : stageName;
        this.uploads.incrementAndGet();
        put(stage + "/" + (relativePath == null ? "" : relativePath) + "/" + fileName, content);
    }

    /** Files stored through {@code /v1/upload_to_stage} so far. */
    public long uploadCount() {
        return this.uploads.get();
    }

    /** Stores a file at a stage location such as {@code @~/dir/file.csv}. */
    public void put(String location, byte[] content) {
        requireNonNull(content, "content must not be null");
        this.files.put(normalize(location), new Stored(StagedContent.of(content), md5(content), Instant.now()));
    }

    /** Stores a file at a stage location; a streamed content is read by the one statement that loads it. */
    public void put(String location, StagedContent content) {
        this.files.put(normalize(location), new Stored(requireNonNull(content, "content must not be null"), null,
            Instant.now()));
    }

    /** The URLs handed out by {@code PRESIGN}. */
    public PresignedUrls presigned() {
        return this.presigned;
    }

    /** The file at {@code location}, or every file under it when it names a directory; sorted by path. */
    public List<StagedFile> files(String location) {
        String key = normalize(location);
        List<StagedFile> found = new ArrayList<>();
        Stored exact = this.files.get(key);
        if (exact != null) {
            found.add(file(key, exact));
            return found;
        }
        String prefix = key.endsWith("/") ? key : key + "/";
        for (Map.Entry<String, Stored> entry : this.files.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                found.add(file(entry.getKey(), entry.getValue()));
            }
        }
        return found;
    }

    private static StagedFile file(String path, Stored stored) {
        return new StagedFile(path, stored.content(), stored.md5(), stored.lastModified());
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Removes the file at {@code location} or everything under it; returns how many files went. */
    public int remove(String location) {
        String key = normalize(location);
        int removed = this.files.remove(key) != null ? 1 : 0;
        String prefix = key.endsWith("/") ? key : key + "/";
        List<String> under = new ArrayList<>();
        for (String path : this.files.keySet()) {
            if (path.startsWith(prefix)) {
                under.add(path);
            }
        }
        under.forEach(this.files::remove);
        return removed + under.size();
    }

    /** {@code location} as the store keys it: no {@code @}, no leading, trailing or doubled slashes. */
    public static String normalize(String location) {
        String text = requireNonNull(location, "location must not be null").trim();
        if (text.startsWith("@")) {
            text = text.substring(1);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (String part : text.split("/+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }
}
