package io.asyncservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Main} in a child JVM: a variable it cannot use ends the process with exit code 2, naming the variable. */
class MainTest {

    @ParameterizedTest
    @CsvSource({
        "ASVC_SCALER_CALL_TIMEOUT, soon",
        "ASVC_SCALER_READ_THREADS, 0",
        "ASVC_SECRET_RECHECK_INTERVAL, 5",
        "ASVC_HTTP_PORT, http",
    })
    void anUnusableVariableExitsWithCode2(String variable, String value, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("main.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put(variable, value);
        // Were the configuration accepted, the client would find no API server here.
        builder.environment().put("KUBERNETES_MASTER", "http://127.0.0.1:1");
        Process main = builder.start();

        boolean exited = main.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            main.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(exited).as("Main exited:\n%s", output).isTrue();
        assertThat(main.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("Invalid configuration: " + variable + ": ").contains(value)
                .doesNotContain("Operator started");
    }
}
