package com.databend.r2dbc.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeakGateTests {

    private final LeakGate gate = LeakGate.install();

    @Test
    void everyTestJvmTracesEveryBuffer() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        assertThatCode(LeakGate::requireParanoidDetection).doesNotThrowAnyException();
    }

    @Test
    void anyLevelButParanoidIsRefused() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
        try {
            assertThatThrownBy(LeakGate::requireParanoidDetection)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Netty leak detection is ADVANCED, the tests need PARANOID: run the JVM with"
                    + " -Dio.netty.leakDetectionLevel=paranoid (the parent pom's surefire argLine)");
        } finally {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        }
    }

    /** Netty does not track unpooled heap buffers: the garbage collector frees them, released or not. */
    @Test
    void leakedBuffersOfEveryTrackedKindAreReportedOnceWithTheirAllocationSite() {
        List<LeakReport> leaks;
        try (QuietLeakLog quiet = new QuietLeakLog()) {
            leak(PooledByteBufAllocator.DEFAULT.heapBuffer(8));
            leak(PooledByteBufAllocator.DEFAULT.directBuffer(8));
            leak(UnpooledByteBufAllocator.DEFAULT.directBuffer(8));
            leaks = gate.collect();
        }

        assertThat(leaks).hasSize(3)
            .allSatisfy(leak -> {
                assertThat(leak.resourceType()).isEqualTo("ByteBuf");
                assertThat(leak.records()).contains("Created at:")
                    .contains(LeakGateTests.class.getName() + ".leakedBuffersOfEveryTrackedKind");
                assertThat(leak.message()).startsWith("LEAK: ByteBuf.release() was not called before it was"
                    + " garbage-collected.");
            });
        assertThat(gate.collect()).isEmpty();
    }

    @Test
    void checkFailsWithTheLeaksAndLeavesNoneBehind() {
        try (QuietLeakLog quiet = new QuietLeakLog()) {
            leak(ByteBufAllocator.DEFAULT.directBuffer(8));
            assertThatThrownBy(() -> gate.check("a deliberate leak"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 leaked Netty resource(s) found after a deliberate leak:\n"
                    + "LEAK: ByteBuf.release() was not called before it was garbage-collected.");
        }
        assertThatCode(() -> gate.check("the deliberate leak was reported")).doesNotThrowAnyException();
    }

    @Test
    void releasedBuffersAreNotReported() {
        PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
        UnpooledByteBufAllocator.DEFAULT.directBuffer(8).release();

        assertThat(gate.collect()).isEmpty();
    }

    /** Writes to the buffer and drops it, unreleased. */
    private static void leak(ByteBuf buffer) {
        buffer.writeLong(42);
    }
}
