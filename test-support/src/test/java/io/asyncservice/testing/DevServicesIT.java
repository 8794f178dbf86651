package io.asyncservice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.Nats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code dev/services} on a private NATS (its own port and storage), so the machine's brokers are left
 * alone: it starts a JetStream server, a second run reuses it, and after a stop a run starts it again.
 */
class DevServicesIT {

    @TempDir
    Path work;
    private final int port = FreePorts.find();

    @AfterEach
    void stop() throws Exception {
        services("stop", "nats");
    }

    @Test
    void startsJetStreamReusesItAndStartsItAgainAfterAStop() throws Exception {
        Result first = services("up", "nats");
        assertThat(first.exit).as(first.output).isZero();
        assertThat(first.output).contains("NATS started");
        assertThatJetStreamAnswers();

        Result second = services("up", "nats");
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("NATS answers on 127.0.0.1:" + port + "; using it.").doesNotContain("installing");

        Result stopped = services("stop", "nats");
        assertThat(stopped.output).contains("NATS stopped.");
        assertThat(LocalServices.accepts("127.0.0.1", port)).isFalse();

        Result again = services("up", "nats");
        assertThat(again.exit).as(again.output).isZero();
        assertThat(again.output).contains("NATS started");
        assertThatJetStreamAnswers();
    }

    @Test
    void namesAnUnknownService() throws Exception {
        Result result = services("up", "kafka");
        assertThat(result.exit).isNotZero();
        assertThat(result.output).contains("unknown service 'kafka' (known: rabbitmq, nats)");
    }

    private void assertThatJetStreamAnswers() throws Exception {
        try (Connection connection = Nats.connect("nats://127.0.0.1:" + port)) {
            assertThat(connection.jetStreamManagement().getAccountStatistics().getStreams()).isZero();
        }
    }

    private Result services(String... args) throws IOException, InterruptedException {
        Path script = LocalServices.findScript(Path.of(System.getProperty("user.dir")));
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(Map.of("ASVC_NATS_PORT", String.valueOf(port), "ASVC_SERVICES_DIR", work.toString(),
                "ASVC_SERVICES_TIMEOUT", "30"));
        Process p = builder.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private record Result(int exit, String output) {
    }
}
