package com.databend.r2dbc.benchmarks.harness;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run counts only with the right rows: the typed clients' checksums too, the raw client's reads by count. */
class ScenarioTests {

    private static final Scenario READ = new Scenario("read", "Mixed read of 3 rows", Workload.READ, 3, 0, false,
        List.of(Variant.r2dbc(), Variant.raw()), List.of());

    private static final Scenario BULK = new Scenario("bulk-insert", "Bulk insert of 4 rows", Workload.BULK_INSERT,
        4, 0, false, List.of(Variant.raw()), List.of());

    @Test
    void aBulkInsertAfterWarmupBatchesIsReadBackWithTheirRows() {
        Scenario warm = new Scenario("bulk-insert-warm", "Bulk insert of 4 rows", Workload.BULK_INSERT, 4, 2, false,
            List.of(Variant.raw()), List.of());
        // ids 0 to 3, three times: once measured, twice before it
        assertThat(warm.expected()).isEqualTo(new Outcome(12, 18));
        assertThat(warm.job(URI.create("http://127.0.0.1:1"), null).warmupBatches()).isEqualTo(2);
        assertThat(BULK.job(URI.create("http://127.0.0.1:1"), null).warmupBatches()).isZero();
        assertThat(READ.job(URI.create("http://127.0.0.1:1"), null).warmupBatches()).isZero();
    }

    @Test
    void aTypedReadMustMatchRowsAndChecksum() {
        Outcome expected = READ.expected();
        assertThatCode(() -> READ.verify(Variant.r2dbc(), expected, expected)).doesNotThrowAnyException();
        assertThatThrownBy(() -> READ.verify(Variant.r2dbc(), new Outcome(3, expected.checksum() + 1), expected))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("read, r2dbc-databend: got Outcome[rows=3, checksum=" + (expected.checksum() + 1)
                + "], expected " + expected);
        assertThatThrownBy(() -> READ.verify(Variant.r2dbc(), new Outcome(2, expected.checksum()), expected))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theRawClientsReadsAreCheckedByCountItsWritesByReadBack() {
        Outcome expected = READ.expected();
        assertThatCode(() -> READ.verify(Variant.raw(), new Outcome(3, 12345), expected)).doesNotThrowAnyException();
        assertThatThrownBy(() -> READ.verify(Variant.raw(), new Outcome(4, 12345), expected))
            .hasMessage("read, raw HTTP + Jackson: got Outcome[rows=4, checksum=12345], expected 3 rows");

        Outcome written = BULK.expected();
        assertThatCode(() -> BULK.verify(Variant.raw(), new Outcome(4, 6), written)).doesNotThrowAnyException();
        assertThatThrownBy(() -> BULK.verify(Variant.raw(), new Outcome(4, 5), written))
            .hasMessage("bulk-insert, raw HTTP + Jackson: got Outcome[rows=4, checksum=5], expected "
                + "Outcome[rows=4, checksum=6]");
    }
}
