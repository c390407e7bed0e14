package com.databend.r2dbc.examples.spring;

import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendLoader;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * Streams an uploaded CSV or NDJSON file into a table through Databend's streaming load, one received buffer at a
 * time: nothing is aggregated or written to disk, so memory stays bounded whatever the size of the file.
 */
@Service
public class BookUploads {

    /** The table uploads go to unless the request names another one. */
    public static final String DEFAULT_TABLE = "booklist";

    /** A table name, optionally qualified with its database: letters, digits and underscores only. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}(\\.[A-Za-z_][A-Za-z0-9_]{0,63})?");

    private final DatabaseClient client;

    public BookUploads(DatabaseClient client) {
        this.client = client;
    }

    /**
     * Loads {@code body} into {@code table}: all its rows, or, when the server refuses any of them, none.
     *
     * @throws IllegalArgumentException when {@code table} is not a plain table name
     */
    public Mono<DatabendLoadResult> load(String table, UploadFormat format, Flux<DataBuffer> body) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("table must be a table name (letters, digits, '_', optionally"
                + " database.table), not '" + table + "'");
        }
        String sql = "INSERT INTO " + table + " FROM @_databend_load FILE_FORMAT = (" + format.fileFormat() + ")";
        return this.client.inConnection(connection -> DatabendLoader.of(connection).loadBytes(sql, byteBuffers(body)));
    }

    /**
     * The body's bytes as heap buffers, each request buffer released as soon as it is copied: the loader may
     * keep a buffer it was given until it has been written, while a released request buffer goes back to
     * Netty's pool for the next read.
     */
    static Flux<ByteBuffer> byteBuffers(Flux<DataBuffer> body) {
        return body.map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return ByteBuffer.wrap(bytes);
            }
            finally {
                DataBufferUtils.release(buffer);
            }
        });
    }
}
