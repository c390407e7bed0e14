package com.databend.r2dbc.testsupport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a program under the leak gate, for the JVMs tests start:
 * {@code java -Dio.netty.leakDetectionLevel=paranoid -cp ... com.databend.r2dbc.testsupport.LeakGatedMain
 * <main class> [argument]...}. When the JVM shuts down, once the program's {@code main} has returned, each pending
 * leak goes to stderr as a {@code LEAK:} line, then {@link #verdict(int)}. Stderr is used rather than Netty's log,
 * which may have no backend in the child, or may already be shut down by then.
 */
public final class LeakGatedMain {

    private static final long PROGRAM_WAIT_MILLIS = 30_000;

    private LeakGatedMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: LeakGatedMain <main class> [argument]...");
            System.exit(2);
            return;
        }
        LeakGate gate = LeakGate.install();
        Thread program = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> report(gate, program), "leak-gate"));
        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The last line on stderr of a gated JVM. */
    public static String verdict(int leaks) {
        return "leak gate: " + leaks + " leak(s)";
    }

    private static void report(LeakGate gate, Thread program) {
        try {
            // a program that serves until killed closes itself in its own shutdown hook and then returns from main
            // (DatabendTestServerMain does); the wait is bounded for one that never returns
            program.join(PROGRAM_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<LeakReport> leaks = gate.collect();
        leaks.forEach(leak -> System.err.println(leak.message()));
        System.err.println(verdict(leaks.size()));
        System.err.flush();
    }
}
