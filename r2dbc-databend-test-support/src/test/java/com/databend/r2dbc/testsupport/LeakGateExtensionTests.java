package com.databend.r2dbc.testsupport;

import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The extension fails the class that leaked, and only that one, as surefire runs them (auto-detected). */
class LeakGateExtensionTests {

    private static volatile boolean running;

    @Test
    void aClassThatLeaksABufferFails() {
        TestExecutionResult result;
        try (QuietLeakLog quiet = new QuietLeakLog()) {
            result = runClass(LeakingClass.class);
        }

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow())
            .isInstanceOf(AssertionError.class)
            .hasMessageStartingWith("1 leaked Netty resource(s) found after " + LeakingClass.class.getName() + ":\n"
                + "LEAK: ByteBuf.release() was not called before it was garbage-collected.")
            .hasMessageContaining(LeakingClass.class.getName() + ".leaks");
        assertThat(LeakGate.install().collect()).isEmpty();
    }

    @Test
    void aClassThatReleasesItsBuffersPasses() {
        assertThat(runClass(ReleasingClass.class).getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }

    /** Runs one class the way surefire does, in a session of its own whose listeners stay out of this run's. */
    private static TestExecutionResult runClass(Class<?> testClass) {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
            .enableLauncherSessionListenerAutoRegistration(false)
            .build());
        running = true;
        try {
            launcher.execute(request()
                    .selectors(selectClass(testClass))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .build(),
                new TestExecutionListener() {

                    @Override
                    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
                        identifier.getSource()
                            .filter(ClassSource.class::isInstance)
                            .ifPresent(source -> results.put(((ClassSource) source).getClassName(), result));
                    }
                });
        } finally {
            running = false;
        }
        assertThat(results).containsOnlyKeys(testClass.getName());
        return results.get(testClass.getName());
    }

    static boolean runByTheseTests() {
        return running;
    }

    @EnabledIf("com.databend.r2dbc.testsupport.LeakGateExtensionTests#runByTheseTests")
    static class LeakingClass {

        @Test
        void leaks() {
            ByteBufAllocator.DEFAULT.directBuffer(8).writeLong(42);
        }
    }

    @EnabledIf("com.databend.r2dbc.testsupport.LeakGateExtensionTests#runByTheseTests")
    static class ReleasingClass {

        @Test
        void releases() {
            ByteBufAllocator.DEFAULT.directBuffer(8).writeLong(42).release();
        }
    }
}
