package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.CsvRowEncoder;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Binding sets kept as CSV records: the body is the records as the encoder writes them, cut after a record once a
 * chunk holds {@value LoadBodies#BATCH_CHUNK_BYTES} bytes, and the sets read back equal, of the same classes.
 */
class CsvBindingSetsTests {

    private static List<@Nullable Object[]> read(CsvBindingSets sets) {
        List<@Nullable Object[]> read = new ArrayList<>();
        sets.forEach(read::add);
        return read;
    }

    private static List<String> chunks(CsvBindingSets sets) {
        return sets.body().map(chunk -> {
            try {
                return chunk.toString(StandardCharsets.UTF_8);
            } finally {
                chunk.release();
            }
        }).collectList().block();
    }

    private static void assertSameClasses(@Nullable Object[] actual, @Nullable Object[] expected) {
        assertThat(actual).containsExactly(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i] == null ? null : actual[i].getClass()).as("value %d", i)
                    .isEqualTo(expected[i] == null ? null : expected[i].getClass());
        }
    }

    @Test
    void everyPlainKindReadsBackWithItsClassAndValue() {
        @Nullable Object[] values = {null, true, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE, -0.0f, Float.NaN, Float.MIN_VALUE, 0.1f, Float.POSITIVE_INFINITY, -0.0d,
            Double.NaN, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1e-7, 1e21, 0.1 + 0.2, 0.25, " ", "\\N",
            "say \"hi\", then\nleave,\r\n\"", "é € 😀 \u0000"};
        CsvBindingSets sets = new CsvBindingSets(values.length, false);

        assertThat(sets.add(values.clone())).isTrue();
        assertThat(sets.add(values.clone())).isTrue();

        List<@Nullable Object[]> read = read(sets);
        assertThat(read).hasSize(2);
        for (@Nullable Object[] row : read) {
            assertSameClasses(row, values);
            assertThat(Double.doubleToRawLongBits((Double) row[13])).isEqualTo(Double.doubleToRawLongBits(-0.0d));
            assertThat(Float.floatToRawIntBits((Float) row[8])).isEqualTo(Float.floatToRawIntBits(-0.0f));
        }
    }

    @Test
    void theBodyIsTheEncodersRecordsCutAfterARecordPastTheChunkSize() {
        CsvBindingSets sets = new CsvBindingSets(3, false);
        CsvRowEncoder expected = new CsvRowEncoder(3, 16, false);
        int count = 20_000;
        for (long i = 0; i < count; i++) {
            @Nullable Object[] values = {i, "name-" + i, i * 0.25};
            assertThat(sets.add(values)).isTrue();
            expected.writeRow(values);
        }

        List<String> chunks = chunks(sets);

        assertThat(sets.size()).isEqualTo(count);
        assertThat(chunks.size()).isGreaterThan(1);
        for (String chunk : chunks.subList(0, chunks.size() - 1)) {
            int bytes = chunk.length();
            assertThat(bytes).isGreaterThanOrEqualTo(LoadBodies.BATCH_CHUNK_BYTES);
            assertThat(chunk.substring(0, bytes - 1).lastIndexOf('\n') + 1)
                    .as("below the size before its last record").isLessThan(LoadBodies.BATCH_CHUNK_BYTES);
            assertThat(chunk).endsWith("\n");
        }
        assertThat(String.join("", chunks)).isEqualTo(expected.takeChunk().toString(StandardCharsets.UTF_8));
        assertThat(String.join("", chunks(sets))).as("a second subscription").isEqualTo(String.join("", chunks));
        List<@Nullable Object[]> read = read(sets);
        assertThat(read).hasSize(count);
        for (int i = 0; i < count; i += 997) {
            assertSameClasses(read.get(i), new Object[] {(long) i, "name-" + i, i * 0.25});
        }
        assertSameClasses(read.get(count - 1), new Object[] {count - 1L, "name-" + (count - 1), (count - 1) * 0.25});
    }

    @Test
    void setsOfOtherClassesInAColumnReadBackInTheirOwnClasses() {
        CsvBindingSets sets = new CsvBindingSets(2, false);
        List<@Nullable Object[]> added = List.of(
                new Object[] {1, "a"},
                new Object[] {2L, null},
                new Object[] {null, "b"},
                new Object[] {(short) 3, true},
                new Object[] {4.0f, "c"},
                new Object[] {4.0d, 5},
                new Object[] {(byte) 6, 7L});
        for (@Nullable Object[] values : added) {
            assertThat(sets.add(values.clone())).isTrue();
        }

        List<@Nullable Object[]> read = read(sets);

        assertThat(read).hasSize(added.size());
        for (int i = 0; i < added.size(); i++) {
            assertSameClasses(read.get(i), added.get(i));
        }
        assertThat(String.join("", chunks(sets))).isEqualTo("1,\"a\"\n2,\\N\n\\N,\"b\"\n3,true\n4.0,\"c\"\n4.0,5\n6,7\n");
    }

    @Test
    void aSetThatIsNotPlainIsRefusedAndTheOthersStayAsTheyWere() {
        CsvBindingSets sets = new CsvBindingSets(2, false);
        assertThat(sets.add(new Object[] {1L, "a"})).isTrue();

        assertThat(sets.add(new Object[] {2L, new BigDecimal("1.5")})).isFalse();
        assertThat(sets.add(new Object[] {2L, ""})).isFalse();
        assertThat(sets.add(new Object[] {2L})).isFalse();
        assertThat(sets.add(new Object[] {3L, "c"})).isTrue();

        assertThat(sets.size()).isEqualTo(2);
        List<@Nullable Object[]> read = read(sets);
        assertSameClasses(read.get(0), new Object[] {1L, "a"});
        assertSameClasses(read.get(1), new Object[] {3L, "c"});
        List<ByteBuf> body = sets.body().collectList().block();
        assertThat(body).hasSize(1);
        assertThat(body.get(0).toString(StandardCharsets.UTF_8)).isEqualTo("1,\"a\"\n3,\"c\"\n");
        body.forEach(ByteBuf::release);
    }
}
