package io.asyncservice.clients.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

class SqsClientsTest {

    @Test
    void buildsAClientForTheTargetWithTheCallersTimeouts() {
        SqsTarget target = new SqsTarget("eu-west-1", URI.create("http://localhost:9324"));
        SqsClients.Timeouts timeouts = new SqsClients.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));

        try (SqsClient client = SqsClients.create(target, SqsCredentials.of("id", "key", null), timeouts)) {
            assertThat(client.serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
            assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://localhost:9324"));
            assertThat(client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).contains(Duration.ofSeconds(4));
        }
    }

    @Test
    void withoutAnApiCallTimeoutOnlyTheSocketBoundsALongPoll() {
        SqsClients.Timeouts timeouts = new SqsClients.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(35), null);

        try (SqsClient client = SqsClients.create(new SqsTarget("us-east-1", null), SqsCredentials.of("id", "key", null), timeouts)) {
            assertThat(client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()).isEmpty();
            assertThat(client.serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void theTargetDescribesItsEndpointWithoutCredentials() {
        assertThat(new SqsTarget("eu-west-1", null).describe()).isEqualTo("eu-west-1");
        assertThat(new SqsTarget("us-east-1", URI.create("http://localhost:9324")).describe()).isEqualTo("http://localhost:9324");
    }
}
