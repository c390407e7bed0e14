package com.databend.r2dbc.tck.server.sql;

import java.io.IOException;
import java.util.List;

/** The records of one staged file, read one at a time. */
interface RecordSource {

    /** The next record's fields ({@code null} for NULL), or {@code null} at the end. */
    List<String> next() throws IOException;

    /** The line the last record started on. */
    int line();
}
