package com.databend.r2dbc.benchmarks.jmh;

import com.databend.r2dbc.internal.client.PageMapper;
import com.databend.r2dbc.internal.client.QueryResponse;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Consumer;

/**
 * Turns a parsed page into the rows a {@code Result} emits, with the driver's own page-to-segment mapping. That
 * mapping is package-private in {@code com.databend.r2dbc}; it is reached once, by reflection, so that the
 * benchmarks measure exactly the code an application runs without widening the driver's API.
 */
final class PageRows {

    private static final MethodHandle NEW_SEGMENT_MAPPER = segmentMapperConstructor();

    private PageRows() {
    }

    /** Hands every row of {@code page} to {@code rows}, as {@code Result.map} would. */
    @SuppressWarnings("unchecked")
    static void forEachRow(QueryResponse page, Consumer<Row> rows) {
        PageMapper<Result.Segment> mapper;
        try {
            mapper = (PageMapper<Result.Segment>) NEW_SEGMENT_MAPPER.invoke(false);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot create the driver's segment mapper", e);
        }
        mapper.onPage(page, segment -> {
            if (segment instanceof Result.RowSegment row) {
                rows.accept(row.row());
            }
        });
    }

    private static MethodHandle segmentMapperConstructor() {
        try {
            Class<?> type = Class.forName("com.databend.r2dbc.SegmentMapper");
            var constructor = type.getDeclaredConstructor(boolean.class);
            constructor.setAccessible(true);
            return MethodHandles.lookup().unreflectConstructor(constructor)
                .asType(MethodType.methodType(Object.class, boolean.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
