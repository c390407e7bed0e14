package com.databend.r2dbc.testsupport;

/**
 * One leak Netty reported: the type of the resource that was garbage-collected without being released, and its
 * access records (empty when the detector did not trace it).
 */
public record LeakReport(String resourceType, String records) {

    /** The report in the words of Netty's own log line, which {@code .ci/run} greps for. */
    public String message() {
        return "LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records;
    }
}
