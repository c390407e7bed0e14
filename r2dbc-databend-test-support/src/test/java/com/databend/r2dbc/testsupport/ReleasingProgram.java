package com.databend.r2dbc.testsupport;

import io.netty.buffer.ByteBufAllocator;

/** Releases every buffer it allocates and exits: what {@link LeakGatedMainTests} starts under the gate. */
public final class ReleasingProgram {

    private ReleasingProgram() {
    }

    public static void main(String[] args) {
        ByteBufAllocator.DEFAULT.directBuffer(8).writeLong(42).release();
    }
}
