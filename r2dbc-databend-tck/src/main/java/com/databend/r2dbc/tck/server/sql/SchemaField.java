package com.databend.r2dbc.tck.server.sql;

/** One member of a response's {@code schema}: a column name and its type in Databend's grammar. */
public record SchemaField(String name, String type) {
}
