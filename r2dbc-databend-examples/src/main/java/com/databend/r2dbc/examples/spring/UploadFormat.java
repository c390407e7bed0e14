package com.databend.r2dbc.examples.spring;

/**
 * The formats an upload may come in, each with the file format options of its load statement.
 */
public enum UploadFormat {

    CSV("TYPE = CSV"),

    /** A CSV file whose first line names the columns: the server skips it. */
    CSV_WITH_HEADER("TYPE = CSV, SKIP_HEADER = 1"),

    /** One JSON object a line, its members matched to the table's columns by name. */
    NDJSON("TYPE = NDJSON");

    private final String fileFormat;

    UploadFormat(String fileFormat) {
        this.fileFormat = fileFormat;
    }

    /** What goes inside {@code FILE_FORMAT = (…)}. */
    String fileFormat() {
        return this.fileFormat;
    }
}
