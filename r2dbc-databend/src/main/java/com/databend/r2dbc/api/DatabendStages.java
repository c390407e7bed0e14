package com.databend.r2dbc.api;

import io.r2dbc.spi.Connection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Files in Databend stages: the user stage {@code @~} and named stages ({@code @name}). Every connection of this
 * driver has them: {@code DatabendStages.of(connection)}, also through r2dbc-pool and Spring's proxies. A location is
 * {@code @stage/path} in printable ASCII without white space, quotes, back-ticks, backslashes, parentheses, commas or
 * semicolons (it goes into SQL and HTTP headers as it is); any other is refused with an
 * {@code IllegalArgumentException}.
 *
 * <p>Uploads stream their bytes with back-pressure, so memory stays bounded whatever the size. A file goes through
 * a presigned URL when the connection's {@code presign} option says so ({@code PRESIGN UPLOAD}, then a {@code PUT}
 * straight to the storage, without the driver's credentials), else through {@code PUT /v1/upload_to_stage}; a
 * publisher of unknown length always goes through {@code /v1/upload_to_stage}, since a presigned {@code PUT} to
 * object storage needs the length first. A failure ends in an {@code R2dbcException} with the server's message;
 * cancelling an upload aborts its request, and nothing is stored. Stage operations are not transactional.
 */
public interface DatabendStages {

    /**
     * Uploads bytes to a stage file, replacing the file if it exists. Not sent again when the connection fails,
     * since the publisher cannot be read twice.
     *
     * @param location {@code @stage/path/file}
     * @param data     the file's bytes, in order; each buffer is read from its position to its limit
     */
    Mono<Void> upload(String location, Publisher<ByteBuffer> data);

    /** Like {@link #upload(String, Publisher)}, telling {@code progress} of each buffer sent. */
    Mono<Void> upload(String location, Publisher<ByteBuffer> data, Consumer<DatabendLoadProgress> progress);

    /**
     * Uploads a file to a stage file, read a chunk at a time without blocking a thread. Sent again (up to the
     * {@code retryCount} option) when the connection fails, since the file can be read again and storing it twice
     * stores the same file; progress then starts again from zero.
     */
    Mono<Void> uploadFile(String location, Path file);

    /** Like {@link #uploadFile(String, Path)}, telling {@code progress} of each chunk sent. */
    Mono<Void> uploadFile(String location, Path file, Consumer<DatabendLoadProgress> progress);

    /** The files at a location: the file it names, or every file under the directory it names ({@code LIST}). */
    Flux<DatabendStageFile> list(String location);

    /**
     * The bytes of a stage file, streamed as they arrive with back-pressure, through the URL of
     * {@code PRESIGN DOWNLOAD} (Databend has no other way out of a stage; a storage that cannot presign cannot be
     * read). Each buffer is the caller's. A file that does not exist fails with an
     * {@code R2dbcNonTransientResourceException} naming the location.
     */
    Flux<ByteBuffer> download(String location);

    /** Removes the file at a location or every file under the directory it names ({@code REMOVE}). */
    Mono<Void> remove(String location);

    /**
     * The stages of a connection of this driver, looking through wrapped connections (r2dbc-pool, Spring's
     * proxies).
     *
     * @throws IllegalArgumentException when the connection is not one of this driver's
     */
    static DatabendStages of(Connection connection) {
        return Unwrapping.find(connection, DatabendStages.class);
    }
}
