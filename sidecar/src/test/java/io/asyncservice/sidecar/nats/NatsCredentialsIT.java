package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.NatsSpec;
import io.asyncservice.sidecar.broker.MessageSink;
import io.asyncservice.sidecar.broker.MessageSource;
import io.asyncservice.sidecar.broker.OutboundMessage;
import io.asyncservice.sidecar.testing.TestingSecrets;
import io.asyncservice.testing.PrivateNatsServer;
import io.asyncservice.testing.UniqueNames;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Credentials from the role's Secret against servers of the test's own that require them. */
class NatsCredentialsIT {

    @Test
    void theRightTokenConsumesAndAWrongOneFailsWithoutShowingIt() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start("--auth", "right-token")) {
            String stream = UniqueNames.of("it-creds");
            try (Connection admin = Nats.connect(Options.builder().server(server.url()).token("right-token".toCharArray()).build())) {
                admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
                admin.jetStream().publish(stream + ".in", "hello".getBytes(StandardCharsets.UTF_8));
            }

            try (MessageSource source = new NatsConnector().openSource(spec(server, stream, "c"), new DeliverySpec(),
                    TestingSecrets.none().with(QueueRole.INPUT, "token", "right-token"))) {
                var received = NatsSourceIT.receiveExactly(source, 1);
                assertThat(NatsSourceIT.text(received.get(0).body())).isEqualTo("hello");
                received.get(0).ack().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }

            assertThatThrownBy(() -> new NatsConnector().openSource(spec(server, stream, "c"), new DeliverySpec(),
                    TestingSecrets.none().with(QueueRole.INPUT, "token", "wrong-token")))
                    .hasMessageContaining("could not connect to NATS")
                    .hasMessageContaining(server.url())
                    .hasMessageContaining("Authorization Violation")
                    .hasMessageNotContaining("wrong-token");
        }
    }

    @Test
    void userAndPasswordPublish() throws Exception {
        try (PrivateNatsServer server = PrivateNatsServer.start("--user", "app", "--pass", "pw-123")) {
            String stream = UniqueNames.of("it-creds");
            try (Connection admin = Nats.connect(Options.builder().server(server.url()).userInfo("app", "pw-123").build())) {
                admin.jetStreamManagement().addStream(StreamConfiguration.builder().name(stream).subjects(stream + ".>").build());
                NatsSpec nats = spec(server, stream, null).getNats();
                nats.setSubject(stream + ".out");
                BrokerSpec spec = new BrokerSpec();
                spec.setNats(nats);

                try (MessageSink sink = new NatsConnector().openSink(spec, QueueRole.OUTPUT, TestingSecrets.none()
                        .with(QueueRole.OUTPUT, "user", "app").with(QueueRole.OUTPUT, "password", "pw-123"))) {
                    sink.publish(new OutboundMessage("r", "x".getBytes(StandardCharsets.UTF_8), null, Map.of()))
                            .toCompletableFuture().get(5, TimeUnit.SECONDS);
                }

                assertThat(admin.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount()).isEqualTo(1);
                assertThatThrownBy(() -> new NatsConnector().openSink(spec, QueueRole.OUTPUT, TestingSecrets.none()
                        .with(QueueRole.OUTPUT, "user", "app").with(QueueRole.OUTPUT, "password", "nope")))
                        .hasMessageContaining("could not connect to NATS")
                        .hasMessageNotContaining("nope");
            }
        }
    }

    private static BrokerSpec spec(PrivateNatsServer server, String stream, String consumer) {
        NatsSpec nats = new NatsSpec();
        nats.setServers(List.of(server.url()));
        nats.setStream(stream);
        nats.setConsumer(consumer);
        BrokerSpec spec = new BrokerSpec();
        spec.setNats(nats);
        return spec;
    }
}
