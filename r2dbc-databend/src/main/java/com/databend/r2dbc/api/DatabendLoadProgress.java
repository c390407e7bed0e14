package com.databend.r2dbc.api;

/**
 * How much of a bulk load's body has been handed to the connection so far: one event per chunk sent, each
 * counting from the start of the load, so a progress bar can follow it.
 *
 * @param rows  rows encoded and sent ({@code 0} for a load of bytes, whose rows only the server counts)
 * @param bytes bytes of data sent (without the request's framing)
 */
public record DatabendLoadProgress(long rows, long bytes) {
}
