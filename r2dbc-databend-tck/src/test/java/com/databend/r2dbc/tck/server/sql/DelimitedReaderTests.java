package com.databend.r2dbc.tck.server.sql;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DelimitedReaderTests {

    /** Hands out its chunks one per read, as a body arrives over the network. */
    private static Reader chunked(String... chunks) {
        List<String> left = new ArrayList<>(Arrays.asList(chunks));
        return new Reader() {
            @Override
            public int read(char[] target, int offset, int length) {
                if (left.isEmpty()) {
                    return -1;
                }
                String chunk = left.remove(0);
                chunk.getChars(0, chunk.length(), target, offset);
                return chunk.length();
            }

            @Override
            public void close() {
            }
        };
    }

    private static List<List<String>> records(Reader input) throws IOException {
        return records(input, Map.of("type", "CSV"));
    }

    private static List<List<String>> records(Reader input, Map<String, String> fileFormat) throws IOException {
        DelimitedReader reader = new DelimitedReader(input, LoadFormat.of(fileFormat, Map.of()));
        List<List<String>> records = new ArrayList<>();
        for (List<String> record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        return records;
    }

    @Test
    void aChunkEndingRightAfterAFieldDelimiterIsNotReadPastItsEnd() throws IOException {
        // the second chunk ends after the comma; the buffer slot after it still holds the first chunk's quote
        assertThat(records(chunked("\"a\",\"b\"\n", "1,", "\"c\"\n")))
                .containsExactly(List.of("a", "b"), List.of("1", "c"));
    }

    @Test
    void aFieldDelimiterAtTheVeryEndGivesAnEmptyLastField() throws IOException {
        assertThat(records(chunked("1,"))).containsExactly(Arrays.asList("1", null));
        assertThat(records(chunked("1,"), Map.of("type", "CSV", "empty_field_as", "string")))
            .containsExactly(List.of("1", ""));
    }

    @Test
    void anEmptyFieldIsNullAndAQuotedOneAnEmptyStringUnlessTheFormatSaysOtherwise() throws IOException {
        assertThat(records(chunked(",\"\",\"a\"\n"))).containsExactly(Arrays.asList(null, "", "a"));
        assertThat(records(chunked(",\"\",\\N\n"), Map.of("type", "CSV", "empty_field_as", "STRING")))
            .containsExactly(Arrays.asList("", "", null));
        assertThat(records(chunked(",\"\"\n"), Map.of("type", "CSV", "quoted_empty_field_as", "null")))
            .containsExactly(Arrays.asList(null, null));
        assertThatThrownBy(() -> records(chunked("1\n"), Map.of("type", "CSV", "empty_field_as", "field_default")))
            .isInstanceOf(DatabendError.class).hasMessageContaining("empty_field_as FIELD_DEFAULT");
    }
}
