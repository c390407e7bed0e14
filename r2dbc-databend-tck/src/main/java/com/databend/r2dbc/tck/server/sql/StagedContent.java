package com.databend.r2dbc.tck.server.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one staged file: kept in memory (uploads, presigned PUTs) or arriving while they are read (the body of
 * a streaming load, read once).
 */
public interface StagedContent {

    /** The bytes from the start. A streamed content can be opened once. */
    InputStream open() throws IOException;

    /** The size in bytes; of a content still arriving, the bytes read so far. */
    long size();

    /** In-memory content. */
    static StagedContent of(byte[] bytes) {
        byte[] copy = bytes.clone();
        return new StagedContent() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(copy);
            }

            @Override
            public long size() {
                return copy.length;
            }
        };
    }
}
