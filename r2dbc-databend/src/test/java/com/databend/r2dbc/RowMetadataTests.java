package com.databend.r2dbc;

import com.databend.r2dbc.internal.codec.DatabendType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Column lookup by name is case-insensitive, the first of equal names wins, and unknown names are named. */
class RowMetadataTests {

    private static final DatabendRowMetadata METADATA = new DatabendRowMetadata(List.of(
            new DatabendColumnMetadata("Title", DatabendType.parse("String")),
            new DatabendColumnMetadata("title", DatabendType.parse("Nullable(Int32)")),
            new DatabendColumnMetadata("AUTHOR", DatabendType.parse("String"))));

    @Test
    void namesAreFoundInAnyCase() {
        assertThat(METADATA.indexOf("TITLE")).isZero();
        assertThat(METADATA.indexOf("title")).isZero();
        assertThat(METADATA.getColumnMetadata("author").getName()).isEqualTo("AUTHOR");
        assertThat(METADATA.contains("Author")).isTrue();
        assertThat(METADATA.contains("year")).isFalse();
        assertThatThrownBy(() -> METADATA.getColumnMetadata("year")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("year").hasMessageContaining("AUTHOR");
    }

    @Test
    void rowValuesAreFoundInAnyCase() {
        DatabendRow row = TestRows.row(METADATA, "Readings", "7", "Stonebraker");
        assertThat(row.get("TITLE")).isEqualTo("Readings");
        assertThat(row.get("Author", String.class)).isEqualTo("Stonebraker");
        assertThat(row.get(1)).isEqualTo(7);
        assertThatThrownBy(() -> row.get("year")).isInstanceOf(NoSuchElementException.class);
    }
}
