package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendQueryProgress;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.QueryStream;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The result of one statement: segments streamed from a {@link QueryStream}. Consumable once. Warnings
 * are {@link Result.Message} segments seen by {@link #flatMap}; {@link #map} and {@link #getRowsUpdated}
 * skip them (they are not errors).
 */
final class DatabendResult implements DatabendResultInfo {

    /** Closes the server-side query of results dropped without being consumed. */
    private static final Cleaner ABANDONED = Cleaner.create();

    private final QueryStream<Result.Segment> stream;
    private final Flux<Result.Segment> segments;
    /**
     * Reachable while this result, one derived by {@link #filter}, or a publisher returned by {@link #map},
     * {@link #flatMap} or {@link #getRowsUpdated} is; the cleaner watches it.
     */
    private final Object lifetime;

    DatabendResult(QueryStream<Result.Segment> stream) {
        this(stream, new Object());
        // a query that ended with its first response (a one-page result) has nothing to release
        if (stream.awaitsSubscriber()) {
            ABANDONED.register(lifetime, stream::abandon);
        }
    }

    private DatabendResult(QueryStream<Result.Segment> stream, Object lifetime) {
        // the segments' source holds the lifetime: a mapped publisher kept without its result still owns the query
        this(stream, Flux.defer(() -> {
            Reference.reachabilityFence(lifetime);
            return stream;
        }), lifetime);
    }

    private DatabendResult(QueryStream<Result.Segment> stream, Flux<Result.Segment> segments, Object lifetime) {
        this.lifetime = lifetime;
        this.stream = requireNonNull(stream, "stream must not be null");
        this.segments = segments;
    }

    @Override
    public String queryId() {
        return stream.queryId();
    }

    @Override
    public int bufferedRows() {
        return stream.bufferedItems();
    }

    @Override
    public DatabendQueryProgress progress() {
        return stream.progress();
    }

    @Override
    public Mono<Long> getRowsUpdated() {
        return segments
                .<Long>handle((segment, sink) -> {
                    if (segment instanceof Result.UpdateCount count) {
                        sink.next(count.value());
                    }
                })
                .reduce(Long::sum);
    }

    @Override
    public <T> Flux<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return mapRows(row -> mappingFunction.apply(row, row.getMetadata()));
    }

    @Override
    public <T> Flux<T> map(Function<? super Readable, ? extends T> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return mapRows(mappingFunction::apply);
    }

    private <T> Flux<T> mapRows(Function<Row, ? extends T> mappingFunction) {
        return segments.handle((segment, sink) -> {
            if (segment instanceof Result.RowSegment rowSegment) {
                T value = mappingFunction.apply(rowSegment.row());
                if (value == null) {
                    sink.error(new IllegalStateException("The mapping function returned null"));
                } else {
                    sink.next(value);
                }
            }
        });
    }

    @Override
    public Result filter(Predicate<Result.Segment> filter) {
        Assert.requireNonNull(filter, "filter must not be null");
        return new DatabendResult(stream, segments.filter(filter), lifetime);
    }

    @Override
    public <T> Flux<T> flatMap(Function<Result.Segment, ? extends Publisher<? extends T>> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return flatMapSegments(segments, mappingFunction);
    }

    /** {@link Result#flatMap} over {@code segments}, in order, one segment's publisher at a time. */
    static <T> Flux<T> flatMapSegments(Flux<Result.Segment> segments,
                                       Function<Result.Segment, ? extends Publisher<? extends T>> mappingFunction) {
        return segments.concatMap(segment -> {
            Publisher<? extends T> mapped = mappingFunction.apply(segment);
            if (mapped == null) {
                return Mono.error(new IllegalStateException("The mapping function returned null"));
            }
            return mapped;
        }, 1);
    }

    @Override
    public String toString() {
        return "DatabendResult{queryId=" + stream.queryId() + '}';
    }
}
