package com.databend.r2dbc.api;

import io.r2dbc.spi.Connection;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Bulk loads into Databend through its streaming load ({@code PUT /v1/streaming_load}, servers newer than
 * 1.2.781): the data is streamed in one request body as the {@link Publisher} produces it, with back-pressure, so
 * memory stays bounded whatever the size of the load. Every connection of this driver is a loader:
 * {@code DatabendLoader.of(connection)}, also through r2dbc-pool and Spring's {@code DatabaseClient.inConnection}.
 *
 * <p>A load runs in the connection's session: inside an explicit transaction it is part of the transaction (a
 * rollback undoes it; since Databend's streaming load cannot continue a transaction, the data is then uploaded to
 * the user stage and read by a query of the transaction); outside one it writes all its rows or, when it fails,
 * none. A failure ends in an {@code R2dbcException} carrying the server's message, Databend's code and the query
 * id; a row the server cannot read is an {@code R2dbcDataIntegrityViolationException} (BadBytes, 1046) whose
 * message names the row's line. A load is never retried, since its body cannot be produced
 * twice (except a file's, see {@link #loadFile(String, Path)}); cancelling the returned {@code Mono} aborts the
 * request, and the server writes nothing.
 */
public interface DatabendLoader {

    /**
     * Loads rows into a table.
     *
     * @param insertSql {@code INSERT INTO t [(columns)] VALUES (?, …)} or {@code REPLACE INTO t [(columns)] ON (keys)
     *                  VALUES (?, …)}, one {@code ?} per value of a row (a REPLACE's rows are always uploaded to the
     *                  user stage and read with a stage attachment, the only way Databend loads a REPLACE)
     * @param rows      each an {@code Object[]} or a {@code List} of values, in the order of the markers; the
     *                  values are those {@code Statement.bind} takes, except collections, arrays and maps
     * @return the rows and bytes written and the query id; an {@code IllegalArgumentException} for a statement
     * of another form, a row of the wrong size or a value that cannot be sent faithfully
     */
    Mono<DatabendLoadResult> loadRows(String insertSql, Publisher<?> rows);

    /** Like {@link #loadRows(String, Publisher)}, telling {@code progress} of each chunk sent. */
    Mono<DatabendLoadResult> loadRows(String insertSql, Publisher<?> rows, Consumer<DatabendLoadProgress> progress);

    /**
     * Loads data in a format the server reads (CSV, TSV, NDJSON, Parquet, …).
     *
     * @param loadSql for example {@code INSERT INTO t FROM @_databend_load FILE_FORMAT = (TYPE = CSV)}: the
     *                statement reads the data from the stage {@code @_databend_load}; printable ASCII on one line
     * @param data    the file's bytes, in order; each buffer is read from its position to its limit
     * @return the rows and bytes written and the query id
     */
    Mono<DatabendLoadResult> loadBytes(String loadSql, Publisher<ByteBuffer> data);

    /** Like {@link #loadBytes(String, Publisher)}, telling {@code progress} of each buffer sent. */
    Mono<DatabendLoadResult> loadBytes(String loadSql, Publisher<ByteBuffer> data,
                                       Consumer<DatabendLoadProgress> progress);

    /**
     * Loads a file in a format the server reads, read a chunk at a time without blocking a thread. Unlike the other
     * loads, this one is sent again (up to the {@code retryCount} option) when the connection fails before the whole
     * file was sent, since the file can be read again; progress then starts again from zero.
     *
     * @param loadSql as for {@link #loadBytes(String, Publisher)}
     * @param file    the file; its name goes with it (the server may infer compression from it)
     */
    Mono<DatabendLoadResult> loadFile(String loadSql, Path file);

    /** Like {@link #loadFile(String, Path)}, telling {@code progress} of each chunk sent. */
    Mono<DatabendLoadResult> loadFile(String loadSql, Path file, Consumer<DatabendLoadProgress> progress);

    /**
     * The loader of a connection of this driver, looking through {@link io.r2dbc.spi.Wrapped} connections (r2dbc-pool,
     * Spring's proxies).
     *
     * @throws IllegalArgumentException when the connection is not one of this driver's
     */
    static DatabendLoader of(Connection connection) {
        return Unwrapping.find(connection, DatabendLoader.class);
    }
}
