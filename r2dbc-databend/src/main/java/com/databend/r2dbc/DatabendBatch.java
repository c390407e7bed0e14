package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import io.r2dbc.spi.Batch;
import io.r2dbc.spi.Result;
import reactor.core.publisher.Flux;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** SQL texts without parameters, run in order; one {@link Result} per statement. */
final class DatabendBatch implements Batch {

    private final DatabendConnection connection;
    private final List<String> statements = new ArrayList<>();

    DatabendBatch(DatabendConnection connection) {
        this.connection = requireNonNull(connection, "connection must not be null");
    }

    @Override
    public DatabendBatch add(String sql) {
        statements.add(Assert.requireNonNull(sql, "sql must not be null"));
        return this;
    }

    @Override
    public Flux<Result> execute() {
        List<String> parts = new ArrayList<>();
        for (String sql : statements) {
            for (ParsedSql.Part part : ParsedSql.parse(sql).statements()) {
                parts.add(part.text());
            }
        }
        return Flux.fromIterable(parts).index()
                .concatMap(part -> connection.executeInOrder(part.getT2(), null, 0, part.getT1() < parts.size() - 1),
                        1);
    }

    @Override
    public String toString() {
        return "DatabendBatch{statements=" + statements.size() + '}';
    }
}
