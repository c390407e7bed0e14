package com.databend.r2dbc.testsupport;

import io.netty.buffer.ByteBufAllocator;

/** Leaks one buffer and exits: what {@link LeakGatedMainTests} starts under the gate. */
public final class LeakingProgram {

    private LeakingProgram() {
    }

    public static void main(String[] args) {
        ByteBufAllocator.DEFAULT.directBuffer(8).writeLong(42);
    }
}
