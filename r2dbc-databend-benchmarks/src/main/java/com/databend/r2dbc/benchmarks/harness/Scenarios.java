package com.databend.r2dbc.benchmarks.harness;

import com.databend.r2dbc.benchmarks.harness.Scenario.Comparison;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The scenarios of docs/benchmarks.md, at the sizes the options scale. */
final class Scenarios {

    /**
     * The unmeasured batches of {@code bulk-insert-warm}: a JVM inserting its second batch still runs part of it in
     * code the JIT is replacing; from the third on, the batches take about the same time (docs/benchmarks.md).
     */
    static final int WARMUP_BATCHES = 3;

    private Scenarios() {
    }

    static List<Scenario> all(HarnessOptions options) {
        Variant r2dbc = Variant.r2dbc();
        Variant jdbc = Variant.jdbc();
        Variant raw = Variant.raw();
        Variant r2dbcSmallHeap = Variant.r2dbc("-Xmx16m");
        Variant r2dbcLoadHeap = Variant.r2dbc("-Xmx64m");

        long mixedRows = options.scaled(5_000_000, 1_000);
        long largeRows = options.scaled(10_000_000, 1_000);
        int selects = Math.toIntExact(options.scaled(2_000, 10));
        int concurrent = Math.toIntExact(options.scaled(1_000, 10));
        long concurrentRows = options.scaled(2_000, 10);
        long bulkRows = options.scaled(1_000_000, 1_000);
        long delayedRows = options.scaled(1_000_000, 1_000);
        int delayedSelects = Math.toIntExact(options.scaled(200, 10));
        Variant jdbcThreads = new Variant("databend-jdbc 0.2.8, " + count(concurrent) + " threads", JdbcClient.NAME,
            List.of());

        return List.of(
            new Scenario("read", "Mixed read of " + count(mixedRows) + " rows", Workload.READ, mixedRows, 0, false,
                List.of(r2dbc, jdbc, raw), List.of(new Comparison(r2dbc, jdbc), new Comparison(r2dbc, raw))),
            new Scenario("read-small-heap", "Mixed read of " + count(largeRows) + " rows in a 16 MiB heap",
                Workload.READ, largeRows, 0, false, List.of(r2dbcSmallHeap, r2dbc),
                List.of(new Comparison(r2dbcSmallHeap, r2dbc))),
            new Scenario("select-1", count(selects) + " × SELECT 1, one after another", Workload.SELECT_ONE, 0,
                selects, false, List.of(r2dbc, jdbc, raw),
                List.of(new Comparison(r2dbc, raw), new Comparison(r2dbc, jdbc))),
            new Scenario("concurrent", count(concurrent) + " concurrent mixed reads of " + count(concurrentRows)
                + " rows", Workload.CONCURRENT, concurrentRows, concurrent, false, List.of(r2dbc, jdbcThreads),
                List.of(new Comparison(r2dbc, jdbcThreads))),
            bulkInsert("bulk-insert", "", bulkRows, 0, r2dbc, jdbc, raw),
            bulkInsert("bulk-insert-warm", ", after " + WARMUP_BATCHES + " batches of the same rows in the same JVM",
                bulkRows, WARMUP_BATCHES, r2dbc, jdbc, raw),
            new Scenario("load-rows", "DatabendLoader.loadRows of " + count(largeRows) + " generated rows in a 64 MiB"
                + " heap", Workload.LOAD_ROWS, largeRows, 0, false, List.of(r2dbcLoadHeap), List.of()),
            new Scenario("read-delayed", "Mixed read of " + count(delayedRows) + " rows, " + options.delayMs()
                + " ms added to every response", Workload.READ, delayedRows, 0, true, List.of(r2dbc, jdbc, raw),
                List.of(new Comparison(r2dbc, jdbc), new Comparison(r2dbc, raw))),
            new Scenario("select-1-delayed", count(delayedSelects) + " × SELECT 1, " + options.delayMs()
                + " ms added to every response", Workload.SELECT_ONE, 0, delayedSelects, true,
                List.of(r2dbc, jdbc, raw), List.of(new Comparison(r2dbc, raw), new Comparison(r2dbc, jdbc))),
            new Scenario("concurrent-delayed", count(concurrent) + " concurrent mixed reads of "
                + count(concurrentRows) + " rows, " + options.delayMs() + " ms added to every response",
                Workload.CONCURRENT, concurrentRows, concurrent, true, List.of(r2dbc, jdbcThreads),
                List.of(new Comparison(r2dbc, jdbcThreads))));
    }

    /**
     * With curl when it is installed (Databend's own way of loading a file, the floor), else without;
     * {@code warmupBatches} unmeasured batches of the same rows first, in the same client JVM.
     */
    private static Scenario bulkInsert(String name, String after, long rows, int warmupBatches, Variant r2dbc,
                                       Variant jdbc, Variant raw) {
        List<Variant> variants = new ArrayList<>(List.of(r2dbc, jdbc, raw));
        List<Comparison> comparisons = new ArrayList<>(List.of(new Comparison(r2dbc, jdbc),
            new Comparison(r2dbc, raw)));
        if (CurlClient.available()) {
            Variant curl = Variant.curl();
            variants.add(curl);
            comparisons.add(new Comparison(r2dbc, curl));
        }
        return new Scenario(name, "Bulk insert of " + count(rows) + " rows (BIGINT, VARCHAR, DOUBLE)" + after,
            Workload.BULK_INSERT, rows, warmupBatches, false, variants, comparisons);
    }

    /** The scenarios {@code --only} names, in the catalogue's order; all of them without it. */
    static List<Scenario> selected(HarnessOptions options) {
        List<Scenario> all = all(options);
        List<String> names = all.stream().map(Scenario::name).toList();
        for (String name : options.only()) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown scenario " + name + "; the scenarios are " + names);
            }
        }
        return options.only().isEmpty() ? all : all.stream().filter(s -> options.only().contains(s.name())).toList();
    }

    private static String count(long count) {
        return NumberFormat.getIntegerInstance(Locale.ROOT).format(count);
    }
}
