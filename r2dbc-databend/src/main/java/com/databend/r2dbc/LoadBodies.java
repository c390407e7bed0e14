package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadProgress;
import com.databend.r2dbc.internal.codec.CsvRowEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.spi.Parameter;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data of a streaming load as buffers produced on demand: rows encoded as CSV a chunk at a time, or the
 * caller's bytes. Each chunk sent is reported to a progress consumer.
 */
final class LoadBodies {

    /** Rows per chunk: enough to amortise a write, few enough that a chunk stays small. */
    static final int ROWS_PER_CHUNK = 256;

    private LoadBodies() {
    }

    /** Rows ({@code Object[]} or {@code List}) of {@code columns} values, as CSV. */
    static Flux<ByteBuf> csv(Publisher<?> rows, int columns, Consumer<DatabendLoadProgress> progress) {
        return Flux.defer(() -> {
            long[] sent = new long[2];
            return Flux.from(rows)
                    .buffer(ROWS_PER_CHUNK)
                    .map(chunk -> {
                        StringBuilder text = new StringBuilder(chunk.size() * 16 * columns);
                        for (Object row : chunk) {
                            CsvRowEncoder.appendRow(text, values(row, columns));
                        }
                        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                        sent[0] += chunk.size();
                        sent[1] += bytes.length;
                        progress.accept(new DatabendLoadProgress(sent[0], sent[1]));
                        return Unpooled.wrappedBuffer(bytes);
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

    /** A row's values; each must have a faithful CSV form. */
    static @Nullable Object[] values(@Nullable Object row, int columns) {
        @Nullable Object[] values;
        if (row instanceof Object[] array) {
            values = array.clone();
        } else if (row instanceof List<?> list) {
            values = list.toArray();
        } else {
            throw new IllegalArgumentException("A row must be an Object[] or a List, not "
                    + (row == null ? "null" : row.getClass().getName()));
        }
        if (values.length != columns) {
            throw new IllegalArgumentException("A row has " + values.length + " value(s); the statement takes "
                    + columns);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Parameter parameter) {
                values[i] = parameter.getValue();
            }
            if (!CsvRowEncoder.canEncode(values[i])) {
                throw new IllegalArgumentException("Value " + (i + 1) + " of a row, a "
                        + values[i].getClass().getName() + ", cannot be sent faithfully in a load (collections,"
                        + " maps, empty strings, empty binary values and text with a backslash before a quote"
                        + " or at its end have no exact CSV form)");
            }
        }
        return values;
    }
}
