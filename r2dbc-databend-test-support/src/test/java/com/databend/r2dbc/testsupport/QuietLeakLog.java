package com.databend.r2dbc.testsupport;

import io.netty.util.ResourceLeakDetector;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Silences Netty's own {@code LEAK:} log line while a test leaks on purpose, so that {@code .ci/run}, which fails the
 * build on that line, sees only real leaks. Netty logs through java.util.logging here: this module's tests have no
 * other logging backend on their class path.
 */
final class QuietLeakLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger(ResourceLeakDetector.class.getName());

    private final Level previous = logger.getLevel();

    QuietLeakLog() {
        logger.setLevel(Level.OFF);
    }

    @Override
    public void close() {
        logger.setLevel(previous);
    }
}
