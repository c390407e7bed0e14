package com.databend.r2dbc.tck.server.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records of fields the way Databend's CSV format reads them: {@code "} quotes a field,
 * {@code ""} or {@code \"} inside quotes is a quote, an unquoted field equal to the null text is NULL.
 */
final class CsvRecords {

    private final String text;

    private final char fieldDelimiter;

    private final String nullText;

    private int position;

    private int line = 1;

    CsvRecords(String text, char fieldDelimiter, String nullText) {
        this.text = text;
        this.fieldDelimiter = fieldDelimiter;
        this.nullText = nullText;
    }

    /** A record and the line it started on. */
    record Record(List<String> fields, int line) {
    }

    List<Record> readAll() {
        List<Record> records = new ArrayList<>();
        while (this.position < this.text.length()) {
            int startLine = this.line;
            List<String> fields = readRecord();
            if (fields.size() == 1 && fields.get(0) != null && fields.get(0).isEmpty()) {
                continue;
            }
            records.add(new Record(fields, startLine));
        }
        return records;
    }

    private List<String> readRecord() {
        List<String> fields = new ArrayList<>();
        while (true) {
            boolean quoted = this.position < this.text.length() && this.text.charAt(this.position) == '"';
            String value = quoted ? quotedField() : plainField();
            fields.add(!quoted && value.equals(this.nullText) ? null : value);
            if (this.position >= this.text.length()) {
                return fields;
            }
            char c = this.text.charAt(this.position);
            if (c == this.fieldDelimiter) {
                this.position++;
                continue;
            }
            if (c == '\r') {
                this.position++;
            }
            if (this.position < this.text.length() && this.text.charAt(this.position) == '\n') {
                this.position++;
            }
            this.line++;
            return fields;
        }
    }

    private String plainField() {
        int start = this.position;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position);
            if (c == this.fieldDelimiter || c == '\n' || c == '\r') {
                break;
            }
            this.position++;
        }
        return this.text.substring(start, this.position);
    }

    private String quotedField() {
        StringBuilder value = new StringBuilder();
        this.position++;
        while (this.position < this.text.length()) {
            char c = this.text.charAt(this.position++);
            if (c == '\\' && this.position < this.text.length() && this.text.charAt(this.position) == '"') {
                value.append('"');
                this.position++;
            } else if (c == '"') {
                if (this.position < this.text.length() && this.text.charAt(this.position) == '"') {
                    value.append('"');
                    this.position++;
                } else {
                    break;
                }
            } else {
                if (c == '\n') {
                    this.line++;
                }
                value.append(c);
            }
        }
        // anything between the closing quote and the delimiter is kept, as a lenient reader would
        return value.append(plainField()).toString();
    }
}
