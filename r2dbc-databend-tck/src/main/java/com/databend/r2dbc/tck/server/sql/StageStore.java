package com.databend.r2dbc.tck.server.sql;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static java.util.Objects.requireNonNull;

/**
 * The files of Databend stages, in memory: the user stage {@code @~} and named stages. Filled by
 * {@code PUT /v1/upload_to_stage}, read by INSERTs with a stage attachment, emptied by {@code REMOVE @...}.
 * Paths are kept as {@code <stage>/<path>} without leading or doubled slashes.
 */
public final class StageStore {

    /** One staged file. */
    public record StagedFile(String path, StagedContent content) {

        /** The last segment of the path. */
        public String name() {
            int slash = this.path.lastIndexOf('/');
            return slash >= 0 ? this.path.substring(slash + 1) : this.path;
        }
    }

    private final Map<String, StagedContent> files = new ConcurrentSkipListMap<>();

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
        this.files.put(normalize(stage + "/" + (relativePath == null ? "" : relativePath) + "/" + fileName),
            StagedContent.of(content));
    }

    /** Stores a file at a stage location such as {@code @~/dir/file.csv}. */
    public void put(String location, byte[] content) {
        put(location, StagedContent.of(requireNonNull(content, "content must not be null")));
    }

    /** Stores a file at a stage location; a streamed content is read by the one statement that loads it. */
    public void put(String location, StagedContent content) {
        this.files.put(normalize(location), requireNonNull(content, "content must not be null"));
    }

    /** The URLs handed out by {@code PRESIGN}. */
    public PresignedUrls presigned() {
        return this.presigned;
    }

    /** The file at {@code location}, or every file under it when it names a directory; sorted by path. */
    public List<StagedFile> files(String location) {
        String key = normalize(location);
        List<StagedFile> found = new ArrayList<>();
        StagedContent exact = this.files.get(key);
        if (exact != null) {
            found.add(new StagedFile(key, exact));
            return found;
        }
        String prefix = key.endsWith("/") ? key : key + "/";
        for (Map.Entry<String, StagedContent> entry : this.files.entrySet()) {
            if (entry.getKey().startsWith(prefix)) {
                found.add(new StagedFile(entry.getKey(), entry.getValue()));
            }
        }
        return found;
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
