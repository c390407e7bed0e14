package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.internal.codec.CsvRowEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The data of a streaming load as buffers produced on demand: rows encoded as CSV a chunk at a time, or the
 * caller's bytes. Each chunk sent is reported to a progress consumer.
 */
final class LoadBodies {

    /** Rows per chunk of a load of rows: enough to amortise a write, few enough that a slow publisher's rows go out. */
    static final int ROWS_PER_CHUNK = 256;
    /** The bytes a chunk of a batch's rows reaches before it is sent: few large writes. */
    static final int BATCH_CHUNK_BYTES = 64 * 1024;
    /** The bytes a chunk of a load of rows starts with. */
    private static final int ROWS_CHUNK_CAPACITY = 8 * 1024;

    private LoadBodies() {
    }

    /**
     * Rows ({@code Object[]} or {@code List}) of {@code columns} values, as CSV, {@value #ROWS_PER_CHUNK} a chunk;
     * empty text only when {@code emptyText} ({@link CsvRowEncoder#canEncode(Object, boolean)}).
     */
    static Flux<ByteBuf> csv(Publisher<?> rows, int columns, boolean emptyText,
                             Consumer<DatabendLoadProgress> progress) {
        return Flux.defer(() -> {
            CsvRowEncoder encoder = new CsvRowEncoder(columns, ROWS_CHUNK_CAPACITY, emptyText);
            long[] sent = new long[2];
            return Flux.from(rows)
                    .buffer(ROWS_PER_CHUNK)
                    .map(chunk -> {
                        for (Object row : chunk) {
                            encoder.writeRow(row);
                        }
                        sent[0] += encoder.rows();
                        sent[1] += encoder.size();
                        ByteBuf bytes = encoder.takeChunk();
                        progress.accept(new DatabendLoadProgress(sent[0], sent[1]));
                        return bytes;
                    });
        });
    }

    /**
     * A statement's binding sets, each with a faithful CSV form, as CSV: encoded as the body is sent, chunks of about
     * {@value #BATCH_CHUNK_BYTES} bytes.
     */
    static Flux<ByteBuf> csv(Iterable<@Nullable Object[]> rows, int columns, boolean emptyText) {
        return Flux.defer(() -> {
            CsvRowEncoder encoder = new CsvRowEncoder(columns, BATCH_CHUNK_BYTES + BATCH_CHUNK_BYTES / 4, emptyText);
            Iterator<@Nullable Object[]> next = rows.iterator();
            return Flux.generate(sink -> {
                while (next.hasNext() && encoder.size() < BATCH_CHUNK_BYTES) {
                    encoder.writeRow(next.next());
                }
                if (encoder.size() > 0) {
                    sink.next(encoder.takeChunk());
                } else {
                    sink.complete();
                }
            });
        });
    }

    /** The caller's buffers, copied as they come (the caller may reuse them once they are consumed). */
    static Flux<ByteBuf> bytes(Publisher<ByteBuffer> data, Consumer<DatabendLoadProgress> progress) {
        return Flux.defer(() -> {
            long[] sent = new long[1];
            return Flux.from(data).map(buffer -> {
                ByteBuf copy = Unpooled.copiedBuffer(buffer.duplicate());
                sent[0] += copy.readableBytes();
                progress.accept(new DatabendLoadProgress(0, sent[0]));
                return copy;
            });
        });
    }
}
