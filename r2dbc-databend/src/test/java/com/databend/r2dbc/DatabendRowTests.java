package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.DatabendType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabendRowTests {

    private static final DatabendRowMetadata METADATA = new DatabendRowMetadata(List.of(
        new DatabendColumnMetadata("number", DatabendType.parse("UInt64")),
        new DatabendColumnMetadata("text", DatabendType.parse("String")),
        new DatabendColumnMetadata("third", DatabendType.parse("Float64")),
        new DatabendColumnMetadata("price", DatabendType.parse("Decimal(12, 2)")),
        new DatabendColumnMetadata("broken", DatabendType.parse("Int32"))));

    @Test
    void aCellIsDecodedOnlyWhenReadAndOnce() {
        DatabendRow row = TestRows.row(METADATA, "2500000", "2500000", "833333.3333333334", "0.00", "not a number");

        assertThat(row.get(0)).isEqualTo(BigInteger.valueOf(2_500_000));
        assertThat(row.get(1)).isEqualTo("2500000");
        assertThat(row.get(2)).isEqualTo(833333.3333333334);
        assertThat(row.get("price")).isEqualTo(new BigDecimal("0.00"));
        assertThat(row.get(3)).isSameAs(row.get(3));
        // the broken cell fails only when it is read
        assertThatThrownBy(() -> row.get(4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Not a Databend INT32 value: 'not a number'");
    }

    @Test
    void aCellConvertsFromItsText() {
        DatabendRow row = TestRows.row(METADATA, "2500000", "Zürich \"quoted\"", "0.5", "12.30", null);

        assertThat(row.get(0, Long.class)).isEqualTo(2_500_000L);
        assertThat(row.get(0, String.class)).isEqualTo("2500000");
        assertThat(row.get(1, String.class)).isEqualTo("Zürich \"quoted\"");
        assertThat(row.get(2, String.class)).isEqualTo("0.5");
        assertThat(row.get(3, Double.class)).isEqualTo(12.3);
        assertThat(row.get(4)).isNull();
        assertThat(row.get(4, Integer.class)).isNull();
    }
}
