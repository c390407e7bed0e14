package com.databend.r2dbc.benchmarks.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for JVMs like this one: the same {@code java} and class path (the harness jar, or the tests'). */
final class Jvm {

    private Jvm() {
    }

    static List<String> command(List<String> jvmOptions, Class<?> main, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(arguments);
        return command;
    }
}
