package com.databend.r2dbc;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding sets come back in order, equal value for value and of the same classes, however they were held. */
class BindingSetsTests {

    private static List<@Nullable Object[]> read(BindingSets sets) {
        List<@Nullable Object[]> read = new ArrayList<>();
        sets.forEach(read::add);
        return read;
    }

    @Test
    void everyPackedKindComesBackWithItsClassAndBits() {
        double nanWithPayload = Double.longBitsToDouble(0x7FF8_0000_0000_0001L);
        float floatNan = Float.intBitsToFloat(0x7FC0_0001);
        @Nullable Object[] values = {null, true, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE,
            Long.MIN_VALUE, Long.MAX_VALUE, -0.0f, floatNan, -0.0d, nanWithPayload, Double.MIN_VALUE, "", "plain",
            "é ÿ", "€ 😀", "\uD800 unpaired \uDC00"};
        BindingSets sets = new BindingSets();
        sets.add(values.clone());

        List<@Nullable Object[]> read = read(sets);

        assertThat(read).hasSize(1);
        @Nullable Object[] row = read.get(0);
        assertThat(row).containsExactly(values);
        for (int i = 0; i < values.length; i++) {
            assertThat(row[i] == null ? null : row[i].getClass()).as("value %d", i)
                    .isEqualTo(values[i] == null ? null : values[i].getClass());
        }
        assertThat(Double.doubleToRawLongBits((Double) row[11])).isEqualTo(0x7FF8_0000_0000_0001L);
        assertThat(Float.floatToRawIntBits((Float) row[9])).isEqualTo(0x7FC0_0001);
        assertThat(Double.doubleToRawLongBits((Double) row[10])).isEqualTo(Double.doubleToRawLongBits(-0.0d));
    }

    @Test
    void setsWithOtherValuesAreKeptAsTheyAreInTheirPlaceAmongPackedOnes() {
        BindingSets sets = new BindingSets();
        @Nullable Object[] decimal = {1L, new BigDecimal("1.50")};
        @Nullable Object[] date = {2L, LocalDate.of(2024, 4, 10)};
        sets.add(new Object[] {0L, "a"});
        sets.add(decimal);
        sets.add(new Object[] {3L, null});
        sets.add(date);

        List<@Nullable Object[]> read = read(sets);

        assertThat(sets.size()).isEqualTo(4);
        assertThat(read).hasSize(4);
        assertThat(read.get(0)).containsExactly(0L, "a");
        assertThat(read.get(1)).isSameAs(decimal);
        assertThat(read.get(2)).containsExactly(3L, null);
        assertThat(read.get(3)).isSameAs(date);
    }

    @Test
    void aFewSetsTakeASmallPageAndManyTakePagesOfUpTo64KiB() {
        BindingSets none = new BindingSets();
        none.add(new Object[0]);
        assertThat(none.pageBytes()).isEqualTo(256);

        BindingSets few = new BindingSets();
        few.add(new Object[] {1L, "a"});
        few.add(new Object[] {2L, "b"});
        assertThat(few.pageBytes()).isEqualTo(256);
        assertThat(read(few)).containsExactly(new Object[] {1L, "a"}, new Object[] {2L, "b"});

        BindingSets many = new BindingSets();
        for (long id = 0; id < 100_000; id++) {
            many.add(new Object[] {id, "name-" + id, id * 0.25});
        }
        // pages of 256, 512, ... 32 KiB bytes (65,280 in all), then of 64 KiB
        long packed = many.pageBytes();
        assertThat(packed).isGreaterThan(2 * 1024 * 1024);
        assertThat((packed - 65_280) % 65_536).isZero();
        List<@Nullable Object[]> read = read(many);
        assertThat(read).hasSize(100_000);
        assertThat(read.get(99_999)).containsExactly(99_999L, "name-99999", 99_999 * 0.25);
    }

    @Test
    void manySetsSpanPagesAndASetLargerThanAPageHasOneOfItsOwn() {
        BindingSets sets = new BindingSets();
        String large = "x".repeat(200_000);
        for (long id = 0; id < 20_000; id++) {
            sets.add(new Object[] {id, id == 7_000 ? large : "name-" + id, id * 0.25});
        }
        sets.add(new Object[0]);

        for (int pass = 0; pass < 2; pass++) {
            List<@Nullable Object[]> read = read(sets);
            assertThat(read).hasSize(20_001);
            for (int id = 0; id < 20_000; id++) {
                assertThat(read.get(id)).containsExactly((long) id, id == 7_000 ? large : "name-" + id, id * 0.25);
            }
            assertThat(read.get(20_000)).isEmpty();
        }
    }
}
