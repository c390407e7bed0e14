package com.databend.r2dbc;

import com.databend.r2dbc.api.DatabendLoadResult;
import com.databend.r2dbc.api.DatabendQueryProgress;
import com.databend.r2dbc.api.DatabendResultInfo;
import com.databend.r2dbc.internal.Assert;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The result of a batch sent as one streaming load: a single update count, the rows the load wrote. It holds no
 * rows and nothing on the server, so it can be consumed any number of times.
 */
final class LoadedResult implements DatabendResultInfo {

    private final DatabendLoadResult load;
    private final Flux<Result.Segment> segments;

    LoadedResult(DatabendLoadResult load) {
        this(load, Flux.just(new SegmentMapper.UpdateCount(load.rows())));
    }

    private LoadedResult(DatabendLoadResult load, Flux<Result.Segment> segments) {
        this.load = requireNonNull(load, "load must not be null");
        this.segments = segments;
    }

    @Override
    public String queryId() {
        return load.queryId();
    }

    @Override
    public int bufferedRows() {
        return 0;
    }

    @Override
    public DatabendQueryProgress progress() {
        return new DatabendQueryProgress(0, 0, load.rows(), load.bytes(), 0, 0, 0, 0, 0);
    }

    @Override
    public Mono<Long> getRowsUpdated() {
        return segments.ofType(Result.UpdateCount.class).map(Result.UpdateCount::value).reduce(Long::sum);
    }

    @Override
    public <T> Flux<T> map(BiFunction<Row, RowMetadata, ? extends T> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return Flux.empty();
    }

    @Override
    public <T> Flux<T> map(Function<? super Readable, ? extends T> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return Flux.empty();
    }

    @Override
    public Result filter(Predicate<Result.Segment> filter) {
        Assert.requireNonNull(filter, "filter must not be null");
        return new LoadedResult(load, segments.filter(filter));
    }

    @Override
    public <T> Flux<T> flatMap(Function<Result.Segment, ? extends Publisher<? extends T>> mappingFunction) {
        Assert.requireNonNull(mappingFunction, "mappingFunction must not be null");
        return DatabendResult.flatMapSegments(segments, mappingFunction);
    }

    @Override
    public String toString() {
        return "LoadedResult{queryId=" + load.queryId() + ", rows=" + load.rows() + '}';
    }
}
