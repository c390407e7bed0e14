package com.databend.r2dbc;

import com.databend.r2dbc.internal.client.PageMapper;
import com.databend.r2dbc.internal.client.QueryResponse;
import com.databend.r2dbc.internal.codec.DatabendType;
import com.databend.r2dbc.internal.codec.DecodeContext;
import com.databend.r2dbc.internal.codec.PageCells;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.Result;
import org.jspecify.annotations.Nullable;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pages to R2DBC segments: rows, one {@link Result.UpdateCount} for INSERT/UPDATE/DELETE (from the
 * {@code number of rows ...} row, else {@code stats.write_progress.rows}, docs/protocol.md §3.2) and each warning once
 * as a {@link Result.Message}.
 */
final class SegmentMapper implements PageMapper<Result.Segment> {

    private final boolean modifying;
    private @Nullable DatabendRowMetadata metadata;
    private @Nullable DecodeContext context;
    private boolean dml;
    private boolean countSeen;
    private long count;
    private @Nullable Set<String> warningsSeen;

    /** {@code modifying}: the statement is an INSERT, UPDATE, DELETE, REPLACE or MERGE. */
    SegmentMapper(boolean modifying) {
        this.modifying = modifying;
    }

    @Override
    public void onPage(QueryResponse page, Consumer<? super Result.Segment> out) {
        for (String warning : page.warnings()) {
            if (warningsSeen == null) {
                warningsSeen = new HashSet<>();
            }
            if (warning != null && warningsSeen.add(warning)) {
                out.accept(new Warning(warning));
            }
        }
        if (page.rowCount() == 0) {
            if (metadata == null && !page.schema().isEmpty()) {
                describe(page);
            }
            return;
        }
        if (metadata == null) {
            describe(page);
        }
        PageCells cells = page.cells();
        if (dml) {
            for (int row = 0; row < cells.rowCount(); row++) {
                String written = cells.text(row, 0);
                if (written != null) {
                    count += Long.parseLong(written.trim());
                    countSeen = true;
                }
            }
            return;
        }
        RowsOfPage rows = new RowsOfPage(cells, metadata, context);
        for (int row = 0; row < cells.rowCount(); row++) {
            out.accept(new DatabendRow(rows, row));
        }
    }

    @Override
    public void onComplete(QueryResponse lastPage, Consumer<? super Result.Segment> out) {
        if (dml) {
            out.accept(new UpdateCount(countSeen ? count : lastPage.writtenRows()));
        } else if (modifying || (metadata == null && lastPage.writtenRows() > 0)) {
            out.accept(new UpdateCount(lastPage.writtenRows()));
        }
    }

    private void describe(QueryResponse page) {
        List<QueryResponse.SchemaField> schema = page.schema();
        List<DatabendColumnMetadata> columns = new ArrayList<>(schema.size());
        for (QueryResponse.SchemaField field : schema) {
            columns.add(new DatabendColumnMetadata(field.name() == null ? "" : field.name(),
                    DatabendType.parse(field.type())));
        }
        metadata = new DatabendRowMetadata(columns);
        dml = schema.size() == 1 && schema.get(0).name() != null
                && schema.get(0).name().startsWith("number of rows");
        context = context(page);
    }

    private static DecodeContext context(QueryResponse page) {
        DecodeContext defaults = DecodeContext.defaults();
        ZoneId zone = defaults.timezone();
        if (page.timezone() != null) {
            try {
                zone = ZoneId.of(page.timezone());
            } catch (RuntimeException e) {
                zone = defaults.timezone();
            }
        }
        String binary = page.binaryOutputFormat() == null ? defaults.binaryOutputFormat()
                : page.binaryOutputFormat();
        return new DecodeContext(zone, binary);
    }

    record UpdateCount(long value) implements Result.UpdateCount {
    }

    record Warning(String message) implements Result.Message {

        @Override
        public R2dbcException exception() {
            return new R2dbcNonTransientResourceException(message, "01000", 0);
        }

        @Override
        public int errorCode() {
            return 0;
        }

        @Override
        public String sqlState() {
            return "01000";
        }
    }
}
