package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.DecodeContext;
import com.databend.r2dbc.internal.codec.PageCells;

/** What the rows of one page share: its cells, the result's metadata and the page's decode settings. */
record RowsOfPage(PageCells cells, DatabendRowMetadata metadata, DecodeContext context) {
}
