/**
 * The end-to-end benchmark harness: one embedded server per run in its own JVM, each client run in a fresh JVM
 * ({@link com.databend.r2dbc.benchmarks.harness.ClientMain}), this driver, databend-jdbc and a raw HTTP client
 * interleaved on the same workloads, medians and ratios printed as Markdown ({@code docs/benchmarks.md}).
 */
package com.databend.r2dbc.benchmarks.harness;
