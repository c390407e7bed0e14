package com.databend.r2dbc.internal.codec;

/**
 * The family of a Databend column type, as named in {@code schema[].type} (docs/protocol.md §5.3).
 * Nullability is not a kind: see {@link DatabendType#nullable()}.
 */
public enum DatabendTypeKind {
    BOOLEAN, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
    DECIMAL, STRING, BINARY, DATE, TIMESTAMP, TIMESTAMP_TZ, INTERVAL, VARIANT, ARRAY, MAP, TUPLE, NULL, NOTHING,
    BITMAP, GEOMETRY, GEOGRAPHY, VECTOR, OTHER
}
