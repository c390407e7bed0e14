package com.databend.r2dbc.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the leak gate when the test run starts, before any test class can touch Netty, and checks it once more
 * when the run ends, for what was released only after the last class finished.
 */
public final class LeakGateSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakGate.install();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        LeakGate.install().check("the test run");
    }
}
