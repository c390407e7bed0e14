package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.CsvRowEncoder;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The binding sets of an {@link InsertValues} statement as the CSV records its load sends, encoded as each set is
 * added ({@link CsvRowEncoder#writePlainRow}) into chunks of about {@value LoadBodies#BATCH_CHUNK_BYTES} bytes: at
 * {@code execute()} the body is ready, as a file is. Only sets of plain values whose text reads back as the values
 * themselves are taken; the classes of each set's values are noted once for a run of sets of the same classes.
 * The sets can be read back, equal value for value and of the same classes, for a statement that runs them
 * otherwise.
 */
final class CsvBindingSets implements Iterable<@Nullable Object[]> {

    private final int columns;
    private final CsvRowEncoder encoder;
    private final List<ByteBuf> chunks = new ArrayList<>();
    /** Runs of sets whose values are of the same classes, in order; a null value fits any class. */
    private final List<Run> runs = new ArrayList<>();
    private int size;

    /** @param emptyText whether the load reads empty fields as empty strings, so that sets may hold empty text */
    CsvBindingSets(int columns, boolean emptyText) {
        this.columns = columns;
        this.encoder = new CsvRowEncoder(columns, LoadBodies.BATCH_CHUNK_BYTES + LoadBodies.BATCH_CHUNK_BYTES / 4,
                emptyText);
    }

    int size() {
        return size;
    }

    /** Appends the set's record, or nothing and {@code false} when a value is not of a plain kind. */
    boolean add(@Nullable Object[] values) {
        if (!encoder.writePlainRow(values)) {
            return false;
        }
        if (runs.isEmpty() || !runs.get(runs.size() - 1).fits(values)) {
            runs.add(Run.of(size, values));
        }
        size++;
        if (encoder.size() >= LoadBodies.BATCH_CHUNK_BYTES) {
            chunks.add(encoder.takeChunk());
        }
        return true;
    }

    /** The records, a chunk at a time; each subscription reads the same chunks. */
    Flux<ByteBuf> body() {
        takeLastChunk();
        return Flux.defer(() -> Flux.fromIterable(chunks).map(ByteBuf::retainedDuplicate));
    }

    @Override
    public Iterator<@Nullable Object[]> iterator() {
        takeLastChunk();
        return new Reader();
    }

    private void takeLastChunk() {
        if (encoder.size() > 0) {
            chunks.add(encoder.takeChunk());
        }
    }

    /** Sets from {@code start} on whose non-null values are of {@code classes}, column by column. */
    private record Run(int start, @Nullable Class<?>[] classes) {

        static Run of(int start, @Nullable Object[] values) {
            @Nullable Class<?>[] classes = new Class<?>[values.length];
            for (int i = 0; i < values.length; i++) {
                classes[i] = values[i] == null ? null : values[i].getClass();
            }
            return new Run(start, classes);
        }

        boolean fits(@Nullable Object[] values) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && values[i].getClass() != classes[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Reads the records back: the text {@link CsvRowEncoder#writePlainRow} wrote, in its classes. */
    private final class Reader implements Iterator<@Nullable Object[]> {

        private int read;
        private int chunk;
        private int at;
        private int run;

        @Override
        public boolean hasNext() {
            return read < size;
        }

        @Override
        public @Nullable Object[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ByteBuf bytes = chunks.get(chunk);
            if (at == bytes.writerIndex()) {
                bytes = chunks.get(++chunk);
                at = 0;
            }
            if (run + 1 < runs.size() && runs.get(run + 1).start() == read) {
                run++;
            }
            @Nullable Class<?>[] classes = runs.get(run).classes();
            @Nullable Object[] values = new Object[columns];
            for (int i = 0; i < columns; i++) {
                values[i] = field(bytes, classes[i]);
                at++; // the comma or the new line after the field
            }
            read++;
            return values;
        }

        private @Nullable Object field(ByteBuf bytes, @Nullable Class<?> type) {
            byte first = bytes.getByte(at);
            if (first == '"') {
                return quoted(bytes);
            }
            if (first == '\\') {
                at += 2;
                return null;
            }
            int end = at;
            while (bytes.getByte(end) != ',' && bytes.getByte(end) != '\n') {
                end++;
            }
            String text = bytes.toString(at, end - at, StandardCharsets.ISO_8859_1);
            at = end;
            return parse(text, type);
        }

        private String quoted(ByteBuf bytes) {
            int start = at + 1;
            int end = start;
            boolean doubled = false;
            while (true) {
                if (bytes.getByte(end) == '"') {
                    if (bytes.getByte(end + 1) != '"') {
                        break;
                    }
                    doubled = true;
                    end++;
                }
                end++;
            }
            at = end + 1;
            String text = bytes.toString(start, end - start, StandardCharsets.UTF_8);
            return doubled ? text.replace("\"\"", "\"") : text;
        }

        private Object parse(String text, @Nullable Class<?> type) {
            if (type == Long.class) {
                return Long.parseLong(text);
            }
            if (type == Integer.class) {
                return Integer.parseInt(text);
            }
            if (type == Short.class) {
                return Short.parseShort(text);
            }
            if (type == Byte.class) {
                return Byte.parseByte(text);
            }
            if (type == Double.class) {
                return parseDouble(text);
            }
            if (type == Float.class) {
                return switch (text) {
                    case "nan" -> Float.NaN;
                    case "inf" -> Float.POSITIVE_INFINITY;
                    case "-inf" -> Float.NEGATIVE_INFINITY;
                    default -> Float.parseFloat(text);
                };
            }
            if (type == Boolean.class) {
                return Boolean.parseBoolean(text);
            }
            throw new IllegalStateException("A record field of " + type + ": " + text);
        }

        private double parseDouble(String text) {
            return switch (text) {
                case "nan" -> Double.NaN;
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        }
    }
}
