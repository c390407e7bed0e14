package com.databend.r2dbc.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a Netty resource unreleased. Registered for every class through
 * {@code META-INF/services} and {@code junit.jupiter.extensions.autodetection.enabled} (the parent pom).
 */
public final class LeakGateExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        LeakGate.install();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LeakGate.install().check(context.getRequiredTestClass().getName());
    }
}
