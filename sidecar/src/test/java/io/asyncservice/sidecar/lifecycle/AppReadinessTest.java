package io.asyncservice.sidecar.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.config.EndpointSettings;
import io.asyncservice.sidecar.testing.TestingApp;
import io.asyncservice.testing.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AppReadinessTest {

    @Test
    void withAReadinessPathTheAppMustAnswer2xx() {
        TestingApp app = TestingApp.create();
        try (AppReadiness readiness = new AppReadiness(
                new EndpointSettings(app.port(), "/", Duration.ofSeconds(5), TestingApp.READINESS_PATH), Duration.ofSeconds(1))) {
            readiness.check();
            assertThat(readiness.isReady()).isFalse();
            assertThat(readiness.problem()).contains("/health");

            app.start();
            readiness.check();
            assertThat(readiness.isReady()).isTrue();
            assertThat(readiness.problem()).isNull();

            app.stop();
            readiness.check();
            assertThat(readiness.isReady()).as("unhealthy again: fetching pauses").isFalse();
        } finally {
            app.close();
        }
    }

    @Test
    void aReadinessPathAnsweringAnErrorIsNotReady() {
        TestingApp app = TestingApp.create().start();
        try (AppReadiness readiness = new AppReadiness(
                new EndpointSettings(app.port(), "/", Duration.ofSeconds(5), "/missing/but/404s/via/work"),
                Duration.ofSeconds(1))) {
            app.defaultReply(TestingApp.Reply.status(404));
            readiness.check();
            assertThat(readiness.isReady()).isFalse();
            assertThat(readiness.problem()).contains("answered 404");
        } finally {
            app.close();
        }
    }

    @Test
    void withoutAReadinessPathTheAppMustAcceptTcp() throws Exception {
        int port = FreePorts.find();
        try (AppReadiness readiness = new AppReadiness(new EndpointSettings(port, "/", Duration.ofSeconds(5), null),
                Duration.ofSeconds(1))) {
            readiness.check();
            assertThat(readiness.isReady()).isFalse();
            try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                readiness.check();
                assertThat(readiness.isReady()).isTrue();
            }
        }
    }
}
