package com.databend.r2dbc;

import com.databend.r2dbc.internal.Assert;
import com.databend.r2dbc.internal.client.ClientSession;
import com.databend.r2dbc.internal.codec.CsvRowEncoder;
import com.databend.r2dbc.internal.codec.ParameterEncoder;
import io.netty.buffer.ByteBuf;
import io.r2dbc.spi.Blob;
import io.r2dbc.spi.Clob;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import static java.util.Objects.requireNonNull;

/**
 * A statement of a {@link DatabendConnection}: binds values to {@code ?} and {@code :name} markers and runs
 * each statement of its text, once per binding set, in order. Values travel as JSON {@code params} or as SQL
 * literals, as the connection's {@link ParameterMode} says (and as literals when a value has no faithful JSON form).
 *
 * <p>Several binding sets of an {@code INSERT INTO t [(columns)] VALUES (?, …)} ({@link InsertValues}) go to servers
 * newer than 1.2.781 as the CSV rows of one streaming load (inside a transaction, and to older servers, as one
 * staged CSV file read by one INSERT), and those of a {@code REPLACE INTO t [(columns)] ON (keys) VALUES (?, …)} as
 * one staged CSV file read by one REPLACE, when every value has a faithful CSV form ({@code CsvRowEncoder}); the
 * one result counts the rows written. Sets of plain values are encoded as CSV records when {@code add()} takes them
 * ({@link CsvBindingSets}), so that {@code execute()} sends a ready body.
 * Otherwise they run once per binding set.
 */
final class DatabendStatement implements Statement {

    private static final Object UNSET = new Object();

    private final DatabendConnection connection;
    private final ParsedSql parsed;
    private BindingSets bindings = new BindingSets();
    /**
     * From the first {@code add()} of an {@link InsertValues} statement, its binding sets as the CSV records of the
     * load, until a set does not take that form; they then move to {@link #bindings}.
     */
    private @Nullable CsvBindingSets records;
    private @Nullable InsertValues recordsInsert;
    private @Nullable Object[] current;
    /** Of the binding sets added: whether one binds a Blob or Clob, and whether a value has no CSV form. */
    private boolean bindsStreams;
    private boolean withoutCsvForm;
    private int fetchSize;

    DatabendStatement(DatabendConnection connection, String sql) {
        this.connection = requireNonNull(connection, "connection must not be null");
        this.parsed = ParsedSql.parse(requireNonNull(sql, "sql must not be null"));
        this.current = newBinding();
    }

    @Override
    public DatabendStatement add() {
        requireComplete(current);
        if (records == null && bindings.isEmpty()) {
            recordsInsert = InsertValues.of(parsed);
            records = recordsInsert == null ? null
                    : new CsvBindingSets(recordsInsert.columns(), connection.loadsEmptyText());
        }
        if (keep(current)) {
            Arrays.fill(current, UNSET);
        } else {
            current = newBinding();
        }
        return this;
    }

    @Override
    public DatabendStatement bind(int index, Object value) {
        Assert.requireNonNull(value, "value must not be null; use bindNull");
        checkIndex(index);
        current[index] = accept(value);
        return this;
    }

    @Override
    public DatabendStatement bind(String name, Object value) {
        Assert.requireNonNull(name, "name must not be null");
        Assert.requireNonNull(value, "value must not be null; use bindNull");
        return bind(indexOf(name), value);
    }

    @Override
    public DatabendStatement bindNull(int index, Class<?> type) {
        Assert.requireNonNull(type, "type must not be null");
        checkIndex(index);
        current[index] = null;
        return this;
    }

    @Override
    public DatabendStatement bindNull(String name, Class<?> type) {
        Assert.requireNonNull(name, "name must not be null");
        Assert.requireNonNull(type, "type must not be null");
        return bindNull(indexOf(name), type);
    }

    @Override
    public DatabendStatement fetchSize(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("fetch size must not be negative: " + rows);
        }
        this.fetchSize = rows;
        return this;
    }

    /**
     * Databend generates no keys, so there are no values to return: the request is accepted (Spring Data R2DBC makes
     * it on every INSERT) and the statement's results carry their update counts and no generated rows.
     */
    @Override
    public DatabendStatement returnGeneratedValues(String... columns) {
        Assert.requireNonNull(columns, "columns must not be null");
        return this;
    }

    @Override
    public Flux<Result> execute() {
        BindingSets sets = bindings;
        if (parsed.parameterCount() > 0) {
            if (isEmpty(current)) {
                if (bindings.isEmpty() && records == null) {
                    requireComplete(current);
                }
                throw new IllegalStateException("add() was called after the last binding set; bind values "
                        + "for it or remove the trailing add()");
            }
            requireComplete(current);
            keep(current);
        } else if (sets.isEmpty()) {
            sets.add(current);
        }
        CsvBindingSets ready = records;
        InsertValues readyInsert = recordsInsert;
        boolean streams = bindsStreams;
        boolean csv = !withoutCsvForm;
        bindings = new BindingSets();
        records = null;
        recordsInsert = null;
        current = newBinding();
        bindsStreams = false;
        withoutCsvForm = false;
        if (ready != null && readyInsert != null) {
            return load(readyInsert, ready.body());
        }
        InsertValues insert = csv && sets.size() > 1 ? InsertValues.of(parsed) : null;
        if (insert == null) {
            return runEach(sets, sets.size());
        }
        boolean emptyText = connection.loadsEmptyText();
        if (!streams) {
            return load(insert, LoadBodies.csv(sets, insert.columns(), emptyText));
        }
        return Flux.fromIterable(sets)
                .concatMap(DatabendStatement::readStreams, 1)
                .collectList()
                .flatMapMany(read -> loadable(read, emptyText)
                        ? load(insert, LoadBodies.csv(read, insert.columns(), emptyText))
                        : runEach(read, read.size()));
    }

    /**
     * Keeps a complete binding set: as a CSV record while the statement's sets take that form, else as it is. The
     * first set that does not take it moves the records before it to {@link #bindings}, where it and the sets after
     * it go.
     *
     * @return whether the set was kept as a record, which leaves {@code values} free for the next set
     */
    private boolean keep(@Nullable Object[] values) {
        if (records != null) {
            if (records.add(values)) {
                return true;
            }
            for (@Nullable Object[] record : records) {
                bindings.add(record);
            }
            records = null;
        }
        classify(values);
        bindings.add(values);
        return false;
    }

    /**
     * Notes what a load of the binding sets needs to know, while the values are at hand: a CSV form for each
     * ({@code CsvRowEncoder}), checked again after the streams are read.
     */
    private void classify(@Nullable Object[] values) {
        for (@Nullable Object value : values) {
            if (!CsvRowEncoder.canEncode(value, connection.loadsEmptyText())) {
                if (value instanceof Blob || value instanceof Clob) {
                    bindsStreams = true;
                } else {
                    withoutCsvForm = true;
                }
            }
        }
    }

    /**
     * Each of the {@code count} binding sets runs the statement's text, one query per statement; each query but the
     * last is followed only once it ended ({@link DatabendConnection#executeInOrder}).
     */
    private Flux<Result> runEach(Iterable<@Nullable Object[]> sets, int count) {
        boolean literals = !connection.supportsJsonParams();
        int pageSize = fetchSize;
        List<ParsedSql.Part> parts = parsed.statements();
        if (count == 1 && parts.size() == 1) {
            // the common case, one query followed by none: no sets or parts to number
            ParsedSql.Part part = parts.get(0);
            return readStreams(sets.iterator().next()).flatMapMany(values -> connection.executeInOrder(
                    render(part, values, literals), params(part, values, literals), pageSize, false));
        }
        return Flux.fromIterable(sets).index()
                .concatMap(bound -> readStreams(bound.getT2()).flatMapMany(values -> Flux.fromIterable(parts).index()
                        .concatMap(part -> connection.executeInOrder(render(part.getT2(), values, literals),
                                params(part.getT2(), values, literals), pageSize,
                                bound.getT1() < count - 1 || part.getT1() < parts.size() - 1), 1)), 1);
    }

    /**
     * The binding sets as the rows of one CSV file: a streaming load, or a staged file read by one INSERT or REPLACE
     * ({@link DatabendConnection#loadRows(InsertValues, String, Flux)}). Either way one result, counting the rows
     * written.
     */
    private Flux<Result> load(InsertValues insert, Flux<ByteBuf> csv) {
        return connection.loadRows(insert, "batch.csv", csv)
                .<Result>map(LoadedResult::new)
                .flux();
    }

    private static boolean loadable(List<@Nullable Object[]> rows, boolean emptyText) {
        for (@Nullable Object[] row : rows) {
            for (@Nullable Object value : row) {
                if (!CsvRowEncoder.canEncode(value, emptyText)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holdsStream(@Nullable Object[] values) {
        for (@Nullable Object value : values) {
            if (value instanceof Blob || value instanceof Clob) {
                return true;
            }
        }
        return false;
    }

    /** The values with each {@link Blob} read into a ByteBuffer and each {@link Clob} into a String. */
    static Mono<@Nullable Object[]> readStreams(@Nullable Object[] values) {
        if (!holdsStream(values)) {
            return Mono.just(values);
        }
        @Nullable Object[] read = values.clone();
        return Flux.range(0, values.length)
                .filter(i -> values[i] instanceof Blob || values[i] instanceof Clob)
                .concatMap(i -> readStream(values[i]).doOnNext(value -> read[i] = value))
                .then(Mono.fromSupplier(() -> read));
    }

    private static Mono<Object> readStream(Object value) {
        if (value instanceof Blob blob) {
            return Flux.from(blob.stream()).collectList().map(buffers -> {
                int size = 0;
                for (ByteBuffer buffer : buffers) {
                    size += buffer.remaining();
                }
                ByteBuffer bytes = ByteBuffer.allocate(size);
                for (ByteBuffer buffer : buffers) {
                    bytes.put(buffer.duplicate());
                }
                return bytes.flip();
            });
        }
        return Flux.from(((Clob) value).stream())
                .reduce(new StringBuilder(), StringBuilder::append)
                .map(StringBuilder::toString);
    }

    /** The statement text: markers replaced by literals when values do not travel as JSON params. */
    static String render(ParsedSql.Part part, @Nullable Object[] values, boolean literals) {
        if (part.markers().isEmpty() || (!literals && jsonCapable(part, values))) {
            return part.text();
        }
        StringBuilder sql = new StringBuilder(part.text().length() + 16 * part.markers().size());
        int at = 0;
        for (ParsedSql.Marker marker : part.markers()) {
            sql.append(part.text(), at, marker.start());
            sql.append(ParameterEncoder.toSqlLiteral(values[marker.index()]));
            at = marker.end();
        }
        sql.append(part.text(), at, part.text().length());
        return sql.toString();
    }

    /** JSON {@code params}: an array for {@code ?} markers, an object for {@code :name} markers. */
    static ClientSession.@Nullable JsonWriter params(ParsedSql.Part part, @Nullable Object[] values, boolean literals) {
        if (part.markers().isEmpty() || literals || !jsonCapable(part, values)) {
            return null;
        }
        boolean named = part.markers().get(0).name() != null;
        List<ParsedSql.Marker> markers = part.markers();
        if (named) {
            return generator -> {
                generator.writeStartObject();
                List<String> written = new ArrayList<>();
                for (ParsedSql.Marker marker : markers) {
                    if (!written.contains(marker.name())) {
                        written.add(marker.name());
                        generator.writeFieldName(marker.name());
                        ParameterEncoder.writeJson(generator, values[marker.index()]);
                    }
                }
                generator.writeEndObject();
            };
        }
        return generator -> {
            generator.writeStartArray();
            for (ParsedSql.Marker marker : markers) {
                ParameterEncoder.writeJson(generator, values[marker.index()]);
            }
            generator.writeEndArray();
        };
    }

    /** JSON params need one marker style per statement and values the JSON form carries faithfully. */
    private static boolean jsonCapable(ParsedSql.Part part, @Nullable Object[] values) {
        boolean named = part.markers().get(0).name() != null;
        for (ParsedSql.Marker marker : part.markers()) {
            if ((marker.name() != null) != named || !ParameterEncoder.hasJsonForm(values[marker.index()])) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable Object accept(Object value) {
        Class<?> type = value.getClass();
        if (type == String.class || type == Long.class || type == Integer.class || type == Double.class) {
            // the usual values, taken without the interface check below, which costs more than these four
            return value;
        }
        Object actual = value;
        if (value instanceof Parameter parameter) {
            if (value instanceof Parameter.Out) {
                throw new IllegalArgumentException("Databend has no OUT parameters");
            }
            actual = parameter.getValue();
            if (actual == null) {
                return null;
            }
        }
        if (!ParameterEncoder.supports(actual.getClass())) {
            throw new IllegalArgumentException("Cannot bind a value of " + actual.getClass().getName());
        }
        return actual;
    }

    private int indexOf(String name) {
        int index = parsed.indexOf(name);
        if (index < 0) {
            throw new NoSuchElementException("No parameter named " + name + " in " + parsed.sql());
        }
        return index;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= current.length) {
            throw new IndexOutOfBoundsException("Parameter index " + index + " is out of range; the statement has "
                    + parsed.parameterCount() + " parameter(s)");
        }
    }

    private @Nullable Object[] newBinding() {
        @Nullable Object[] values = new Object[parsed.parameterCount()];
        Arrays.fill(values, UNSET);
        return values;
    }

    private static boolean isEmpty(@Nullable Object[] values) {
        for (@Nullable Object value : values) {
            if (value != UNSET) {
                return false;
            }
        }
        return true;
    }

    private void requireComplete(@Nullable Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == UNSET) {
                String name = parsed.parameterName(i);
                throw new IllegalStateException("Parameter " + (name == null ? String.valueOf(i) : ":" + name)
                        + " is not bound");
            }
        }
    }

    @Override
    public String toString() {
        return "DatabendStatement{sql=" + parsed.sql() + '}';
    }
}
