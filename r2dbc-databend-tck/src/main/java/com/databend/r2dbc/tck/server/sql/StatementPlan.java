package com.databend.r2dbc.tck.server.sql;

import java.util.List;

/**
 * What one Databend statement becomes on the engine.
 *
 * @param kind     how it runs and answers
 * @param duckSql  the DuckDB text (none for statements the engine answers itself)
 * @param writer   the origins of {@code duckSql} in the client's text
 * @param database the database it names (DDL, SHOW, DESC): for {@code CREATE_TABLE} the engine schema the table goes
 *                 to, for {@code CREATE_TEMP_TABLE} the database the temp table belongs to
 * @param table    the table it names (DDL, DESC), or the stage location (REMOVE, LIST)
 * @param columns  the declared columns (CREATE TABLE with a column list)
 * @param ifClause {@code IF [NOT] EXISTS} given
 * @param dmlLabel the name of the count column of INSERT / UPDATE / DELETE
 */
record StatementPlan(Kind kind, String duckSql, DuckDbSqlWriter writer, String database, String table,
                     List<Catalog.Column> columns, boolean ifClause, String dmlLabel) {

    enum Kind { QUERY, DML, DDL, CREATE_TABLE, CREATE_TEMP_TABLE, DROP_TABLE, CREATE_DATABASE, DROP_DATABASE,
        SHOW_DATABASES, SHOW_TABLES, DESCRIBE, GENERIC, STAGE_REMOVE, STAGE_LIST, STAGE_DDL }

    static StatementPlan stage(Kind kind, String location) {
        return new StatementPlan(kind, null, new DuckDbSqlWriter(), null, location, null, false, null);
    }

    String location() {
        return this.table;
    }

    static StatementPlan of(Kind kind, DuckDbSqlWriter writer) {
        return new StatementPlan(kind, writer.toString(), writer, null, null, null, false, null);
    }
}
