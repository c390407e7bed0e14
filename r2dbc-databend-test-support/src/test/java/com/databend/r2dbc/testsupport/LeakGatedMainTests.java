package com.databend.r2dbc.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM a test starts runs its program under the gate, which reports on stderr at exit. */
class LeakGatedMainTests {

    private static final String PARANOID = "-Dio.netty.leakDetectionLevel=paranoid";

    @TempDir
    Path directory;

    @Test
    void aLeakIsReportedOnStderrWhenTheProgramEnds() throws Exception {
        Child child = run(PARANOID, LeakingProgram.class);

        assertThat(child.exitCode()).isZero();
        assertThat(child.stderr()).filteredOn(line -> line.startsWith("LEAK: ")).singleElement()
            .isEqualTo("LEAK: ByteBuf.release() was not called before it was garbage-collected.");
        assertThat(child.stderr())
            .anySatisfy(line -> assertThat(line).contains(LeakingProgram.class.getName() + ".main("))
            .last().isEqualTo(LeakGatedMain.verdict(1));
    }

    @Test
    void aProgramThatReleasesItsBuffersEndsWithNoLeak() throws Exception {
        Child child = run(PARANOID, ReleasingProgram.class);

        assertThat(child.exitCode()).isZero();
        assertThat(child.stderr()).containsExactly(LeakGatedMain.verdict(0));
    }

    @Test
    void theGateRefusesToRunWithoutParanoidDetection() throws Exception {
        Child child = run("-Dio.netty.leakDetectionLevel=simple", ReleasingProgram.class);

        assertThat(child.exitCode()).isEqualTo(1);
        assertThat(child.stderr()).anySatisfy(line -> assertThat(line)
            .endsWith("java.lang.IllegalStateException: Netty leak detection is SIMPLE, the tests need PARANOID:"
                + " run the JVM with -Dio.netty.leakDetectionLevel=paranoid (the parent pom's surefire argLine)"));
    }

    private Child run(String leakDetection, Class<?> program) throws IOException, InterruptedException {
        Path stderr = directory.resolve(program.getSimpleName() + ".stderr");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, leakDetection, "-cp", System.getProperty("java.class.path"),
            LeakGatedMain.class.getName(), program.getName())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile())
            .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Child(process.exitValue(), Files.readAllLines(stderr, StandardCharsets.UTF_8));
    }

    private record Child(int exitCode, List<String> stderr) {
    }
}
