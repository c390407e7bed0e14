package com.databend.r2dbc.tck.server.sql;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import com.databend.r2dbc.tck.server.render.BinaryOutputFormat;
import com.databend.r2dbc.tck.server.render.CellRenderer;
import com.databend.r2dbc.tck.server.render.DatabendType;
import com.databend.r2dbc.tck.server.render.DuckDbTypeMapper;

import static java.util.Objects.requireNonNull;

/** One DuckDB connection of the shared database, used by one statement or one transaction at a time. */
final class DuckDbSession implements EngineSession {

    /** How Databend's {@code LIST} writes {@code last_modified}: {@code 2024-04-10 01:02:03.456 +0000}. */
    private static final DateTimeFormatter LIST_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xx")
        .withZone(ZoneOffset.UTC);

    private static final String TABLE_COLUMNS = "SELECT column_name, data_type FROM information_schema.columns "
        + "WHERE lower(table_schema) = lower(?) AND lower(table_name) = lower(?) ORDER BY ordinal_position";

    private final Connection connection;

    private final Catalog catalog;

    private final StageStore stages;

    /** The schema, or the search path with a client session's temp schema, last set on the connection. */
    private String appliedSchema;

    private ZoneId appliedZone;

    private StatementExecution current;

    /** Between BEGIN and COMMIT / ROLLBACK: a failed statement then aborts the transaction. */
    private boolean inTransaction;

    DuckDbSession(Connection connection, Catalog catalog, StageStore stages) {
        this.connection = requireNonNull(connection, "connection must not be null");
        this.catalog = requireNonNull(catalog, "catalog must not be null");
        this.stages = requireNonNull(stages, "stages must not be null");
    }

    @Override
    public StatementExecution execute(String sql, Object params, StageAttachment attachment,
                                      ExecutionSettings settings) {
        if (attachment == null) {
            return execute(sql, params, settings);
        }
        requireNonNull(sql, "sql must not be null");
        requireNonNull(settings, "settings must not be null");
        closeCurrent();
        List<Token> tokens = ParamSubstitution.apply(SqlLexer.tokenize(sql), params);
        applySettings(settings, StatementPlan.Kind.DML);
        return new StageInsert(this.connection, this.catalog, this.stages, sql, tokens, settings,
            this.inTransaction).run(attachment);
    }

    @Override
    public StatementExecution execute(String sql, Object params, ExecutionSettings settings) {
        requireNonNull(sql, "sql must not be null");
        requireNonNull(settings, "settings must not be null");
        // DuckDB keeps one open result per connection: a statement left open by the caller ends here
        closeCurrent();
        StageSql.Statement staged = StageSql.parse(sql);
        if (staged != null) {
            return stageStatement(staged, params, settings);
        }
        List<Token> tokens = ParamSubstitution.apply(SqlLexer.tokenize(sql), params);
        StatementPlan plan = new StatementPlanner(sql, tokens, settings).plan();
        CellRenderer renderer = new CellRenderer(settings.timezone(), binaryFormat(settings));
        applySettings(settings, plan.kind());
        try {
            switch (plan.kind()) {
                case QUERY:
                case GENERIC:
                    StatementExecution execution = run(sql, tokens, plan, settings, renderer);
                    this.current = execution;
                    return execution;
                case DML:
                    return dml(plan);
                case DDL:
                    if (plan.duckSql() != null && !plan.duckSql().isEmpty()) {
                        update(plan.duckSql());
                    }
                    return FixedExecution.noResultSet();
                case CREATE_TABLE:
                    return createTable(plan, plan.database());
                case CREATE_TEMP_TABLE:
                    return createTempTable(plan, settings);
                case DROP_TABLE:
                    update(plan.duckSql());
                    this.catalog.remove(plan.database(), plan.table());
                    if (settings.isTempSchema(plan.database())) {
                        dropSchemaIfEmpty(plan.database());
                    }
                    return FixedExecution.noResultSet();
                case CREATE_DATABASE:
                    update("CREATE SCHEMA " + (plan.ifClause() ? "IF NOT EXISTS " : "")
                        + ExpressionTranslator.quoteIdentifier(plan.database()));
                    return FixedExecution.noResultSet();
                case DROP_DATABASE:
                    update("DROP SCHEMA " + (plan.ifClause() ? "IF EXISTS " : "")
                        + ExpressionTranslator.quoteIdentifier(plan.database()) + " CASCADE");
                    this.catalog.removeDatabase(plan.database());
                    return FixedExecution.noResultSet();
                case SHOW_DATABASES:
                    return showDatabases();
                case SHOW_TABLES:
                    return showTables(plan.database());
                case DESCRIBE:
                    return describe(plan.database(), plan.table());
                case STAGE_REMOVE:
                    this.stages.remove(plan.location());
                    return FixedExecution.noResultSet();
                case STAGE_LIST:
                    return listStage(plan.location());
                case STAGE_DDL:
                    return FixedExecution.noResultSet();
                default:
                    throw new IllegalStateException("unhandled statement kind " + plan.kind());
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, sql, plan.writer(), databaseOf(settings));
        }
    }

    private static String databaseOf(ExecutionSettings settings) {
        return settings.database() == null || settings.database().isEmpty() ? "default" : settings.database();
    }

    private static BinaryOutputFormat binaryFormat(ExecutionSettings settings) {
        try {
            return BinaryOutputFormat.fromSetting(settings.binaryOutputFormat());
        } catch (IllegalArgumentException e) {
            throw new DatabendError(1006, e.getMessage());
        }
    }

    private void applySettings(ExecutionSettings settings, StatementPlan.Kind kind) {
        String schema = settings.database() == null || settings.database().isEmpty() ? "default"
            : settings.database().toLowerCase(Locale.ROOT);
        // the client session's temp tables of the current database hide its tables of the same name
        // (docs/protocol.md §6.5): a statement that reads tables finds them first; any other finds the database
        // first, as DuckDB creates an object named without a schema in the first schema of the path
        String searchPath = null;
        if (settings.holdsTempTablesIn(schema)) {
            String database = ExpressionTranslator.quoteIdentifier(schema);
            String temp = ExpressionTranslator.quoteIdentifier(settings.tempSchema(schema));
            searchPath = readsTables(kind) ? temp + "," + database : database + "," + temp;
        }
        String applied = searchPath == null ? schema : searchPath;
        if (!applied.equals(this.appliedSchema)) {
            try {
                update(searchPath == null ? "SET schema = " + ExpressionTranslator.stringLiteral(schema)
                    : "SET search_path = " + ExpressionTranslator.stringLiteral(searchPath));
                this.appliedSchema = applied;
            } catch (SQLException e) {
                if (kind != StatementPlan.Kind.CREATE_DATABASE && kind != StatementPlan.Kind.DROP_DATABASE
                    && kind != StatementPlan.Kind.SHOW_DATABASES) {
                    throw new DatabendError(1003, "Unknown database '" + settings.database() + "'");
                }
            }
        }
        ZoneId zone = settings.timezone() == null ? ZoneOffset.UTC : settings.timezone();
        if (!zone.equals(this.appliedZone)) {
            try {
                update("SET TimeZone = " + ExpressionTranslator.stringLiteral(duckDbZone(zone)));
                this.appliedZone = zone;
            } catch (SQLException e) {
                throw new DatabendError(1006, "unsupported timezone " + zone.getId());
            }
        }
    }

    /**
     * Statements that read tables, or create or write the table the planner names with its schema: they find temp
     * tables first without creating anything in the temp schema.
     */
    private static boolean readsTables(StatementPlan.Kind kind) {
        return kind == StatementPlan.Kind.QUERY || kind == StatementPlan.Kind.DML
            || kind == StatementPlan.Kind.CREATE_TABLE || kind == StatementPlan.Kind.CREATE_TEMP_TABLE;
    }

    private static String duckDbZone(ZoneId zone) {
        ZoneId normalized = zone.normalized();
        if (normalized instanceof ZoneOffset) {
            int seconds = ((ZoneOffset) normalized).getTotalSeconds();
            if (seconds == 0) {
                return "UTC";
            }
            if (seconds % 3600 == 0) {
                int hours = seconds / 3600;
                // POSIX-style Etc zones have inverted signs
                return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
            }
        }
        return zone.getId();
    }

    private StatementExecution run(String sql, List<Token> tokens, StatementPlan plan, ExecutionSettings settings,
                                   CellRenderer renderer) throws SQLException {
        String database = settings.database() == null ? "default" : settings.database();
        if (plan.kind() == StatementPlan.Kind.QUERY) {
            PreparedStatement statement = this.connection.prepareStatement(plan.duckSql());
            try {
                List<ResultTyper.ResultColumn> columns = new ResultTyper(tokens, database, settings, this.catalog)
                    .type(statement.getMetaData());
                return new StreamingExecution(statement, columns, renderer,
                    e -> failure(sql, plan, e, databaseOf(settings)));
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        }
        try (Statement statement = this.connection.createStatement()) {
            if (statement.execute(plan.duckSql())) {
                List<String[]> rows = new ArrayList<>();
                List<SchemaField> schema = new ArrayList<>();
                try (ResultSet resultSet = statement.getResultSet()) {
                    List<ResultTyper.ResultColumn> columns = new ResultTyper(tokens, database, settings, this.catalog)
                        .type(resultSet.getMetaData());
                    for (ResultTyper.ResultColumn column : columns) {
                        schema.add(new SchemaField(column.name(), column.type().wrappedDisplay()));
                    }
                    while (resultSet.next()) {
                        String[] row = new String[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = renderer.render(columns.get(i).type(), resultSet.getObject(i + 1));
                        }
                        rows.add(row);
                    }
                }
                return FixedExecution.rows(schema, rows);
            }
            return FixedExecution.noResultSet();
        }
    }

    private DatabendError failure(String sql, StatementPlan plan, SQLException e, String database) {
        if (e.getMessage() != null && e.getMessage().contains("Invalid result set")) {
            return explainFailure(sql, plan, e);
        }
        return DuckDbErrors.translate(e, sql, plan.writer(), database);
    }

    /**
     * A streaming result that fails while DuckDB computes its first chunk only says "Invalid result set"; running
     * the query once more without streaming (into a throw-away temp table) brings out the real error.
     */
    private DatabendError explainFailure(String sql, StatementPlan plan, SQLException streamingFailure) {
        try {
            update("CREATE OR REPLACE TEMP TABLE databend_failed_query AS " + plan.duckSql());
        } catch (SQLException e) {
            return DuckDbErrors.translate(e, sql, plan.writer());
        } finally {
            try {
                update("DROP TABLE IF EXISTS temp.databend_failed_query");
            } catch (SQLException ignored) {
                // an aborted transaction refuses this too; the table lives only as long as the connection
            }
        }
        return new DatabendError(1006, "the statement failed while computing its result: "
            + streamingFailure.getMessage());
    }

    private void closeCurrent() {
        StatementExecution previous = this.current;
        this.current = null;
        if (previous != null) {
            previous.close();
        }
    }

    private StatementExecution dml(StatementPlan plan) throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(plan.duckSql());
            long count = Math.max(statement.getUpdateCount(), 0);
            return FixedExecution.count(plan.dmlLabel(), count);
        }
    }

    /** Creates the plan's table in engine schema {@code schema}: a database, or a client session's temp schema. */
    private StatementExecution createTable(StatementPlan plan, String schema) throws SQLException {
        boolean existed = plan.ifClause() && tableExists(schema, plan.table());
        update(plan.duckSql());
        if (existed) {
            return FixedExecution.noResultSet();
        }
        if (plan.columns() != null) {
            this.catalog.put(schema, plan.table(), plan.columns());
        } else {
            this.catalog.put(schema, plan.table(), introspect(schema, plan.table()));
        }
        return FixedExecution.noResultSet();
    }

    /**
     * {@code CREATE TEMP TABLE}: refused with 1003 when its database is unknown, as Databend (docs/protocol.md §6.5);
     * else created in the client session's temp schema of the database, which is made for it and dropped again when
     * the statement fails, so that a failed statement leaves no empty schema behind.
     */
    private StatementExecution createTempTable(StatementPlan plan, ExecutionSettings settings) throws SQLException {
        if (!schemaExists(this.connection, plan.database())) {
            throw new DatabendError(1003, "Unknown database '" + plan.database() + "'");
        }
        String schema = settings.tempSchema(plan.database());
        boolean newSchema = !schemaExists(this.connection, schema);
        if (newSchema) {
            update("CREATE SCHEMA IF NOT EXISTS " + ExpressionTranslator.quoteIdentifier(schema));
        }
        try {
            return createTable(plan, schema);
        } catch (SQLException | RuntimeException e) {
            // in a transaction the failure aborts it, and its rollback takes the schema back
            if (newSchema && !this.inTransaction) {
                try {
                    dropSchemaIfEmpty(schema);
                } catch (SQLException dropFailure) {
                    e.addSuppressed(dropFailure);
                }
            }
            throw e;
        }
    }

    /** Drops a client session's temp schema that holds no table any more. */
    private void dropSchemaIfEmpty(String schema) throws SQLException {
        try (PreparedStatement statement = this.connection.prepareStatement("SELECT 1 FROM information_schema.tables "
            + "WHERE lower(table_schema) = lower(?) AND table_catalog = current_database() LIMIT 1")) {
            statement.setString(1, schema);
            try (ResultSet resultSet = statement.executeQuery()) {
                if (resultSet.next()) {
                    return;
                }
            }
        }
        update("DROP SCHEMA " + ExpressionTranslator.quoteIdentifier(schema));
    }

    private boolean tableExists(String database, String table) throws SQLException {
        try (PreparedStatement statement = this.connection.prepareStatement(TABLE_COLUMNS)) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet resultSet = statement.executeQuery()) {
                return resultSet.next();
            }
        }
    }

    static List<Catalog.Column> columnsOf(Connection connection, Catalog catalog, String database, String table)
        throws SQLException {
        List<Catalog.Column> declared = catalog.columns(database, table);
        if (declared != null) {
            return declared;
        }
        return introspect(connection, database, table);
    }

    private List<Catalog.Column> introspect(String database, String table) throws SQLException {
        return introspect(this.connection, database, table);
    }

    private static List<Catalog.Column> introspect(Connection connection, String database, String table)
        throws SQLException {
        List<Catalog.Column> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLE_COLUMNS)) {
            statement.setString(1, database);
            statement.setString(2, table);
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    columns.add(new Catalog.Column(resultSet.getString(1),
                        DuckDbTypeMapper.toDatabend(resultSet.getString(2)).withNullable(true)));
                }
            }
        }
        return columns;
    }

    private StatementExecution showDatabases() throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        names.add("information_schema");
        names.add("system");
        try (Statement statement = this.connection.createStatement();
             ResultSet resultSet = statement.executeQuery("SELECT schema_name FROM information_schema.schemata "
                 + "WHERE catalog_name = current_database() AND schema_name <> 'main' AND NOT starts_with(schema_name, "
                 + ExpressionTranslator.stringLiteral(ExecutionSettings.TEMP_SCHEMA_PREFIX) + ")")) {
            while (resultSet.next()) {
                names.add(resultSet.getString(1));
            }
        }
        List<String[]> rows = new ArrayList<>();
        for (String name : names) {
            rows.add(new String[]{name});
        }
        return FixedExecution.rows(List.of(new SchemaField("Database", "String")), rows);
    }

    private StatementExecution showTables(String database) throws SQLException {
        if (!schemaExists(this.connection, database)) {
            throw new DatabendError(1003, "Unknown database '" + database + "'");
        }
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = this.connection.prepareStatement("SELECT table_name FROM "
            + "information_schema.tables WHERE lower(table_schema) = lower(?) AND table_catalog = current_database() "
            + "ORDER BY table_name")) {
            statement.setString(1, database);
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    rows.add(new String[]{resultSet.getString(1)});
                }
            }
        }
        return FixedExecution.rows(List.of(new SchemaField("Tables_in_" + database, "String")), rows);
    }

    private StatementExecution stageStatement(StageSql.Statement statement, Object params, ExecutionSettings settings) {
        if (statement instanceof StageSql.Presign presign) {
            return presign(presign);
        }
        if (statement instanceof StageSql.Load load) {
            if (load.insertSql().regionMatches(true, 0, "replace", 0, 7)) {
                // Databend binds REPLACE ... FROM @stage as a load it does not implement; only an attachment works
                throw new DatabendError(1002, "Replace with streaming load not supported yet.");
            }
            return execute(load.insertSql(), params, load.attachment(), settings);
        }
        return copy((StageSql.Copy) statement, params, settings);
    }

    /** {@code PRESIGN}: a URL of the server that accepts the upload or serves the file until it expires. */
    private StatementExecution presign(StageSql.Presign presign) {
        if (!this.stages.presigned().supported()) {
            throw new DatabendError(3902, "storage doesn't support presign operation");
        }
        String url = this.stages.presigned().grant(presign.method(), presign.location(),
            Duration.ofSeconds(presign.expireSeconds()));
        String headers = presign.contentType() == null ? "{\"host\":\"" + URI.create(url).getAuthority() + "\"}"
            : "{\"content-type\":\"" + presign.contentType() + "\",\"host\":\"" + URI.create(url).getAuthority()
            + "\"}";
        return FixedExecution.rows(List.of(new SchemaField("method", "String"), new SchemaField("headers", "Variant"),
            new SchemaField("url", "String")), List.<String[]>of(new String[]{presign.method(), headers, url}));
    }

    /** {@code COPY INTO}: each file loaded by itself, one result row per file, as Databend answers. */
    private StatementExecution copy(StageSql.Copy copy, Object params, ExecutionSettings settings) {
        String root = StageStore.normalize(copy.location());
        String stage = root.contains("/") ? root.substring(0, root.indexOf('/')) : root;
        List<String[]> rows = new ArrayList<>();
        long loaded = 0;
        for (StageStore.StagedFile file : this.stages.files(copy.location())) {
            String relative = file.path().equals(root) ? file.name() : file.path().substring(root.length() + 1);
            if (!copy.files().isEmpty() && !copy.files().contains(relative)
                || copy.pattern() != null && !copy.pattern().matcher(relative).matches()) {
                continue;
            }
            StageAttachment attachment = new StageAttachment("@" + file.path(), copy.fileFormat(),
                Map.of("purge", Boolean.toString(copy.purge())));
            long rowsLoaded;
            try (StatementExecution execution = execute(copy.insertSql(), params, attachment, settings)) {
                rowsLoaded = execution.writtenRows();
            }
            loaded += rowsLoaded;
            rows.add(new String[]{file.path().substring(stage.length() + 1), Long.toString(rowsLoaded), "0", null,
                null});
        }
        return FixedExecution.rows(List.of(new SchemaField("File", "String"), new SchemaField("Rows_loaded", "Int32"),
            new SchemaField("Errors_seen", "Int32"), new SchemaField("First_error", "Nullable(String)"),
            new SchemaField("First_error_line", "Nullable(Int32)")), rows, loaded);
    }

    /** {@code LIST}: Databend's columns; {@code md5} quoted as object storage quotes an ETag. */
    private StatementExecution listStage(String location) {
        List<String[]> rows = new ArrayList<>();
        for (StageStore.StagedFile file : this.stages.files(location)) {
            String path = file.path();
            int slash = path.indexOf('/');
            rows.add(new String[]{slash >= 0 ? path.substring(slash + 1) : path, Long.toString(file.content().size()),
                file.md5() == null ? null : '"' + file.md5() + '"', LIST_TIME.format(file.lastModified()), null});
        }
        return FixedExecution.rows(List.of(new SchemaField("name", "String"), new SchemaField("size", "UInt64"),
            new SchemaField("md5", "Nullable(String)"), new SchemaField("last_modified", "String"),
            new SchemaField("creator", "Nullable(String)")), rows);
    }

    private StatementExecution describe(String database, String table) throws SQLException {
        List<Catalog.Column> columns = this.catalog.columns(database, table);
        if (columns == null) {
            columns = introspect(database, table);
        }
        if (columns.isEmpty()) {
            throw new DatabendError(1025, "Unknown table '" + table + "'");
        }
        List<String[]> rows = new ArrayList<>();
        for (Catalog.Column column : columns) {
            DatabendType type = column.type();
            rows.add(new String[]{column.name(), type.withNullable(false).display().toUpperCase(Locale.ROOT),
                type.nullable() ? "YES" : "NO", type.nullable() ? "NULL" : "", ""});
        }
        return FixedExecution.rows(List.of(new SchemaField("Field", "String"), new SchemaField("Type", "String"),
            new SchemaField("Null", "String"), new SchemaField("Default", "String"),
            new SchemaField("Extra", "String")), rows);
    }

    static boolean schemaExists(Connection connection, String name) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.schemata "
            + "WHERE catalog_name = current_database() AND lower(schema_name) = lower(?) AND schema_name <> 'main'")) {
            statement.setString(1, name);
            try (ResultSet resultSet = statement.executeQuery()) {
                return resultSet.next();
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "", null);
        }
    }

    private void update(String duckSql) throws SQLException {
        try (Statement statement = this.connection.createStatement()) {
            statement.execute(duckSql);
        }
    }

    @Override
    public void begin() {
        transactionCommand("BEGIN TRANSACTION");
        this.inTransaction = true;
    }

    @Override
    public void commit() {
        this.inTransaction = false;
        transactionCommand("COMMIT");
    }

    @Override
    public void rollback() {
        this.inTransaction = false;
        transactionCommand("ROLLBACK");
    }

    private void transactionCommand(String command) {
        closeCurrent();
        try {
            update(command);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, command, null);
        }
    }

    @Override
    public void close() {
        closeCurrent();
        try {
            this.connection.close();
        } catch (SQLException ignored) {
            // the connection is gone either way
        }
    }
}
