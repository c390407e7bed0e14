package com.databend.r2dbc.tck.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the server standalone:
 * {@code java -jar databend-test-server.jar --port 8000 [--user name:password]... [--nodes N] [--version V]
 * [--host H] [--result-timeout-secs S] [--response-delay-ms D] [--session-token-ttl-secs T]
 * [--refresh-token-ttl-secs R]}: {@code D} delays every response, standing in for a network round trip (0, the
 * default, for none); {@code T} and {@code R} are the lifetimes of session and refresh tokens. Prints the base URL on one line of stdout when ready, serves until killed.
 */
public final class DatabendTestServerMain {

    private DatabendTestServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DatabendTestServer server;
        try {
            server = configure(args).start();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: --port 8000 [--user name:password]... [--nodes N] [--version V] [--host H]"
                + " [--result-timeout-secs S] [--response-delay-ms D] [--session-token-ttl-secs T]"
                + " [--refresh-token-ttl-secs R]");
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "databend-test-server-shutdown"));
        System.out.println(server.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** The builder the arguments describe. */
    static DatabendTestServer.Builder configure(String[] args) {
        DatabendTestServer.Builder builder = DatabendTestServer.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(number(option, value));
                case "--nodes" -> builder.nodes(number(option, value));
                case "--version" -> builder.version(value);
                case "--host" -> builder.host(value);
                case "--result-timeout-secs" -> builder.resultTimeoutSecs(number(option, value));
                case "--response-delay-ms" -> builder.responseDelay(Duration.ofMillis(number(option, value)));
                case "--session-token-ttl-secs" -> builder.sessionTokenTtlSecs(number(option, value));
                case "--refresh-token-ttl-secs" -> builder.refreshTokenTtlSecs(number(option, value));
                case "--user" -> {
                    int colon = value.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--user must be name:password, not " + value);
                    }
                    builder.user(value.substring(0, colon), value.substring(colon + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return builder;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number, not " + value);
        }
    }
}
