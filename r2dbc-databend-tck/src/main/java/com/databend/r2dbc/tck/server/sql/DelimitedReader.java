package com.databend.r2dbc.tck.server.sql;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV or TSV records from a character stream as they arrive, holding one record at a time. CSV: a field that
 * starts with the quote is quoted, a doubled quote or the escape followed by a quote is a quote inside it. TSV: the
 * escape ({@code \}) introduces {@code \t}, {@code \n}, {@code \r}, {@code \0} and escapes any other character. An
 * unquoted field equal to the null text is NULL; an empty CSV field is NULL or an empty string as the format says,
 * unquoted by {@code EMPTY_FIELD_AS} and quoted by {@code QUOTED_EMPTY_FIELD_AS}; empty lines are skipped.
 */
final class DelimitedReader implements RecordSource {

    private static final int BUFFER = 64 * 1024;

    private final Reader input;

    private final LoadFormat format;

    private final boolean tsv;

    private final char[] buffer = new char[BUFFER];

    private int position;

    private int limit;

    private boolean ended;

    private int line = 1;

    private int recordLine;

    private final StringBuilder field = new StringBuilder();

    DelimitedReader(Reader input, LoadFormat format) {
        this.input = input;
        this.format = format;
        this.tsv = format.type().equals("TSV");
    }

    /** The line the last record returned by {@link #next()} started on. */
    @Override
    public int line() {
        return this.recordLine;
    }

    /** The next record's fields ({@code null} for NULL), or {@code null} at the end of the input. */
    @Override
    public List<String> next() throws IOException {
        while (true) {
            if (!available(1)) {
                return null;
            }
            this.recordLine = this.line;
            if (atRecordDelimiter()) {
                skipRecordDelimiter();
                continue;
            }
            List<String> fields = new ArrayList<>();
            while (true) {
                fields.add(readField());
                if (!available(1)) {
                    return fields;
                }
                if (atRecordDelimiter()) {
                    skipRecordDelimiter();
                    return fields;
                }
                // the field stopped at a field delimiter
                this.position += this.format.fieldDelimiter().length();
            }
        }
    }

    private String readField() throws IOException {
        this.field.setLength(0);
        char quote = this.format.quote();
        // a field delimiter may end what has arrived: the slot after it holds an older chunk's character
        if (quote != 0 && available(1) && this.buffer[this.position] == quote) {
            this.position++;
            readQuoted(quote);
            readPlain(false);
            return emptyOrText(this.format.quotedEmptyAsNull());
        }
        boolean escaped = readPlain(true);
        String text = emptyOrText(this.format.emptyFieldAsNull());
        return !escaped && this.format.nullDisplay().equals(text) ? null : text;
    }

    private String emptyOrText(boolean emptyAsNull) {
        return this.field.isEmpty() && emptyAsNull ? null : this.field.toString();
    }

    private void readQuoted(char quote) throws IOException {
        char escape = this.format.escape();
        while (available(1)) {
            char c = this.buffer[this.position++];
            if (c == quote) {
                if (available(1) && this.buffer[this.position] == quote) {
                    this.field.append(quote);
                    this.position++;
                    continue;
                }
                return;
            }
            if (c == escape && escape != 0 && available(1)) {
                c = this.buffer[this.position++];
            } else if (c == '\\' && escape == 0 && available(1) && this.buffer[this.position] == quote) {
                // without an escape option Databend still reads \" inside quotes as a quote
                c = this.buffer[this.position++];
            }
            if (c == '\n') {
                this.line++;
            }
            this.field.append(c);
        }
    }

    /** Reads up to the next delimiter; returns whether an escape was seen (the text is then never the null text). */
    private boolean readPlain(boolean unescape) throws IOException {
        boolean escaped = false;
        char escape = this.format.escape();
        char fieldStart = this.format.fieldDelimiter().charAt(0);
        char recordStart = this.format.recordDelimiter().charAt(0);
        while (available(1)) {
            char c = this.buffer[this.position];
            if ((c == fieldStart && atFieldDelimiter()) || ((c == recordStart || c == '\r') && atRecordDelimiter())) {
                return escaped;
            }
            this.position++;
            if (unescape && this.tsv && c == escape && available(1)) {
                char next = this.buffer[this.position++];
                if (next == 'N' && this.field.isEmpty() && this.format.nullDisplay().equals("\\N")) {
                    this.field.append("\\N");
                    continue;
                }
                escaped = true;
                this.field.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> next;
                });
                continue;
            }
            this.field.append(c);
        }
        return escaped;
    }

    private boolean atFieldDelimiter() throws IOException {
        return startsWith(this.format.fieldDelimiter());
    }

    private boolean atRecordDelimiter() throws IOException {
        String delimiter = this.format.recordDelimiter();
        if (delimiter.equals("\n")) {
            char c = this.buffer[this.position];
            return c == '\n' || c == '\r' && startsWith("\r\n");
        }
        return startsWith(delimiter);
    }

    private void skipRecordDelimiter() throws IOException {
        String delimiter = this.format.recordDelimiter();
        int length = delimiter.equals("\n") && this.buffer[this.position] == '\r' ? 2 : delimiter.length();
        for (int i = 0; i < length; i++) {
            if (this.buffer[this.position + i] == '\n') {
                this.line++;
            }
        }
        if (delimiter.indexOf('\n') < 0) {
            this.line++;
        }
        this.position += length;
    }

    private boolean startsWith(String text) throws IOException {
        if (!available(text.length())) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (this.buffer[this.position + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code count} characters are buffered from the position on, reading more when needed. */
    private boolean available(int count) throws IOException {
        if (this.limit - this.position >= count) {
            return true;
        }
        if (this.ended) {
            return false;
        }
        System.arraycopy(this.buffer, this.position, this.buffer, 0, this.limit - this.position);
        this.limit -= this.position;
        this.position = 0;
        while (this.limit < count && !this.ended) {
            int read = this.input.read(this.buffer, this.limit, this.buffer.length - this.limit);
            if (read < 0) {
                this.ended = true;
            } else {
                this.limit += read;
            }
        }
        return this.limit - this.position >= count;
    }
}
