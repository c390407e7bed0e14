package com.databend.r2dbc.tck.server.http;

import com.databend.r2dbc.tck.server.sql.StagedContent;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The file part of a streaming load, staged while it arrives: read once, by the load, and counted as it is read. */
final class StreamedUpload implements StagedContent {

    private final InputStream content;

    private final AtomicBoolean opened = new AtomicBoolean();

    private final AtomicLong read = new AtomicLong();

    StreamedUpload(InputStream content) {
        this.content = content;
    }

    @Override
    public InputStream open() throws IOException {
        if (!this.opened.compareAndSet(false, true)) {
            throw new IOException("the body of a streaming load can be read once");
        }
        return new FilterInputStream(this.content) {

            @Override
            public int read() throws IOException {
                int value = super.read();
                if (value >= 0) {
                    StreamedUpload.this.read.incrementAndGet();
                }
                return value;
            }

            @Override
            public int read(byte[] target, int from, int length) throws IOException {
                int count = super.read(target, from, length);
                if (count > 0) {
                    StreamedUpload.this.read.addAndGet(count);
                }
                return count;
            }
        };
    }

    /** The bytes read so far; all of them once the load has ended. */
    @Override
    public long size() {
        return this.read.get();
    }
}
