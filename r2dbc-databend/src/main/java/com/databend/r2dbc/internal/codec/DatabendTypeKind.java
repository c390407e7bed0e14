package com.databend.r2dbc.internal.codec;

/**
 * The family of a Databend column type, as named in {@code schema[].type} (docs/protocol.md §5.3).
 * Nullability is not a kind: see {@link DatabendType#nullable()}.
 */
public enum DatabendTypeKind {
    BOOLEAN, INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64,
    DECIMAL, STRING, BINARY, DATE, TIMESTAMP, TIMESTAMP_TZ, INTERVAL, VARIANT, ARRAY, MAP, TUPLE, NULL, NOTHING,
    BITMAP, GEOMETRY, GEOGRAPHY, VECTOR, OTHER;

    /** Whether a cell of this kind is written as a plain decimal number: integers, floats and decimals. */
    public boolean isNumber() {
        return isInteger() || this == FLOAT32 || this == FLOAT64 || this == DECIMAL;
    }

    /** Whether this kind is one of the signed or unsigned integers. */
    public boolean isInteger() {
        switch (this) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
            case UINT8:
            case UINT16:
            case UINT32:
            case UINT64:
                return true;
            default:
                return false;
        }
    }
}
