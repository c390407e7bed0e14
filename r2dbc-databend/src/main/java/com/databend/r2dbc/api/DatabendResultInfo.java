package com.databend.r2dbc.api;

import io.r2dbc.spi.Result;

/**
 * What a Databend {@link Result} tells beyond the SPI. Every result of this driver implements it:
 * {@code ((DatabendResultInfo) result).queryId()}.
 */
public interface DatabendResultInfo extends Result {

    /** The id of the Databend query that produced this result. */
    String queryId();

    /**
     * Rows (and other segments) received from the server and not yet emitted to the subscriber. With prefetch, the
     * next page may be held besides them as it arrived, not yet made into rows: it is not counted.
     */
    int bufferedRows();

    /** The query's progress as of the last page received; it advances while the result is consumed. */
    DatabendQueryProgress progress();
}
