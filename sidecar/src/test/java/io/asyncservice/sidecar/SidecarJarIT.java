package io.asyncservice.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.sqs.SqsFixture;
import io.asyncservice.sidecar.testing.BrokerFixture.ReceivedMessage;
import io.asyncservice.sidecar.testing.BrokerFixture.TestMessage;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.testing.EmbeddedSqs;
import io.asyncservice.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar, used the way the README shows: {@code ASVC_CONFIG_FILE=sidecar.json java -jar ...}. */
class SidecarJarIT {

    private static final Path JAR = Path.of("target", "async-service-sidecar.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ProcessBuilder java(Path log, Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("ASVC_") || k.startsWith("AWS_"));
        pb.environment().putAll(env);
        return pb;
    }

    @Test
    void aBadConfigurationExitsWith2AndNamesTheField(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("sidecar.json");
        Files.writeString(config, "{\"endpoint\":{\"path\":\"/x\"},\"input\":{\"sqs\":{\"queueUrl\":\"http://localhost:9324/q\"}},"
                + "\"delivery\":{\"backoff\":{\"initial\":\"5x\"}}}");
        Path log = dir.resolve("out.log");

        Process p = java(log, Map.of("ASVC_CONFIG_FILE", config.toString())).start();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("endpoint.port is required")
                .contains("delivery.backoff.initial: '5x' is not a duration");
    }

    @Test
    void runsStandaloneNextToALocalHttpServiceWithJsonLogs(@TempDir Path dir) throws Exception {
        SqsFixture fixture = new SqsFixture();
        try (TestingApp app = TestingApp.create().start();
             SqsFixture.SqsQueues queues = fixture.createQueues(Duration.ofSeconds(5))) {
            SidecarConfig c = new SidecarConfig();
            c.setPort(FreePorts.find());
            EndpointSpec e = new EndpointSpec();
            e.setPort(app.port());
            e.setPath(TestingApp.PATH);
            c.setEndpoint(e);
            c.setInput(queues.input());
            c.setOutput(queues.output());
            Path config = dir.resolve("sidecar.json");
            Files.writeString(config, ConfigLoader.toJson(c));
            Path log = dir.resolve("out.log");
            queues.publish(List.of(new TestMessage("jar-1", "{\"n\":1}", "application/json"),
                    new TestMessage("jar-2", "{\"n\":2}", "application/json")));

            // Credentials the way a standalone user gives them: the AWS SDK's default chain.
            Process p = java(log, Map.of("ASVC_CONFIG_FILE", config.toString(), "LOG_FORMAT", "json",
                    "AWS_ACCESS_KEY_ID", EmbeddedSqs.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedSqs.SECRET_KEY)).start();
            try {
                List<ReceivedMessage> outputs = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    outputs.addAll(queues.takeOutputs(Duration.ofMillis(200)));
                    return outputs.size() >= 2;
                });
                assertThat(outputs).extracting(ReceivedMessage::requestId).containsExactlyInAnyOrder("jar-1", "jar-2");
            } finally {
                p.destroy();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            List<String> lines = Files.readAllLines(log);
            assertThat(lines).isNotEmpty();
            for (String line : lines) {
                JsonNode json = JSON.readTree(line);
                assertThat(json.has("level")).as(line).isTrue();
                assertThat(json.has("formattedMessage")).as(line).isTrue();
            }
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("sidecar started"))
                    .anySatisfy(l -> assertThat(l).contains("sidecar stopped"));
        }
    }
}
