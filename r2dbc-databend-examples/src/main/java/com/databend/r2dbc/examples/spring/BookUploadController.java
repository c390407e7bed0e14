package com.databend.r2dbc.examples.spring;

import com.databend.r2dbc.api.DatabendLoadResult;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTransientException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code POST /books/upload}: a CSV ({@code text/csv}, {@code ?header=true} when its first line names the columns)
 * or NDJSON ({@code application/x-ndjson}, whose lines are rows: {@code header} does not apply) body streamed into
 * {@code booklist}, or the table {@code ?table=} names. Another content type is answered 415 without reading the
 * body, a table name that is none 400.
 *
 * <p>A refused upload's body is not drained here, nor is its connection closed: Reactor Netty, which serves the
 * application, discards what is left of a request's body once the answer was sent and reads the connection's next
 * request after it, so a kept-alive client's next request works (BookUploadIntegrationTests). Answering with
 * {@code Connection: close} instead would reset the connection of a client still sending its body, which may then
 * lose the answer; a client that stops sending on the early answer closes the connection itself.
 */
@RestController
public class BookUploadController {

    static final String NDJSON = "application/x-ndjson";

    private final BookUploads uploads;

    public BookUploadController(BookUploads uploads) {
        this.uploads = uploads;
    }

    @PostMapping(path = "/books/upload", consumes = "text/csv")
    public Mono<Uploaded> uploadCsv(@RequestParam(defaultValue = BookUploads.DEFAULT_TABLE) String table,
                                    @RequestParam(defaultValue = "false") boolean header,
                                    @RequestBody Flux<DataBuffer> body) {
        return upload(table, header ? UploadFormat.CSV_WITH_HEADER : UploadFormat.CSV, body);
    }

    @PostMapping(path = "/books/upload", consumes = NDJSON)
    public Mono<Uploaded> uploadNdjson(@RequestParam(defaultValue = BookUploads.DEFAULT_TABLE) String table,
                                       @RequestBody Flux<DataBuffer> body) {
        return upload(table, UploadFormat.NDJSON, body);
    }

    private Mono<Uploaded> upload(String table, UploadFormat format, Flux<DataBuffer> body) {
        return this.uploads.load(table, format, body).map(result -> Uploaded.of(table, result));
    }

    /** Databend refused the load: its message (with its code and the query id), no stack trace. */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Refused> refused(DataAccessException e) {
        if (e.getCause() instanceof R2dbcException cause) {
            return ResponseEntity.status(status(cause))
                .body(new Refused(cause.getMessage(), cause.getErrorCode(), cause.getSqlState()));
        }
        return ResponseEntity.internalServerError().body(new Refused(e.getMostSpecificCause().getMessage(), 0, null));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Refused> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(new Refused(e.getMessage(), 0, null));
    }

    /**
     * A load Databend refused (a bad row, an unknown table: an error with Databend's code) is the request's fault,
     * except for a missing privilege; one that failed without an answer (no connection, a timeout) is the
     * service's.
     */
    private static HttpStatus status(R2dbcException e) {
        if (e instanceof R2dbcPermissionDeniedException) {
            return HttpStatus.FORBIDDEN;
        }
        return e instanceof R2dbcTransientException || e.getErrorCode() == 0
            ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST;
    }

    /** What an upload wrote, as Databend counted it. */
    public record Uploaded(String table, long rows, long bytes, String queryId) {

        static Uploaded of(String table, DatabendLoadResult result) {
            return new Uploaded(table, result.rows(), result.bytes(), result.queryId());
        }
    }

    /** Why an upload wrote nothing: Databend's message, its error code and SQL state when it gave them. */
    public record Refused(String error, int code, String sqlState) {
    }
}
