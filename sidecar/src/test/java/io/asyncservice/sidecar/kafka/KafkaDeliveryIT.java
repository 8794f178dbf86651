package io.asyncservice.sidecar.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.KafkaOrdering;
import io.asyncservice.sidecar.testing.AbstractDeliveryIT;
import io.asyncservice.sidecar.testing.BrokerFixture;
import io.asyncservice.sidecar.testing.TestingApp;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The delivery contract against Kafka (KRaft in this JVM), with {@code unordered} ordering. "Outlasts its lease"
 * means: the app takes three times {@code max.poll.interval.ms}, and the record is still processed once (the poll
 * thread keeps polling, with the busy partitions paused). Plus what only Kafka has: {@code ordering: partition}.
 */
class KafkaDeliveryIT extends AbstractDeliveryIT {

    @Override
    protected BrokerFixture createFixture() {
        return new KafkaFixture();
    }

    @Test
    void partitionOrderingKeepsOneMessagePerPartitionInFlight() {
        app.start().defaultReply(TestingApp.Reply.ok().after(Duration.ofMillis(50)));
        List<String> ids = publish(30, "ordered");
        SidecarConfig config = config(8, 3, true, false);
        config.getInput().getKafka().setOrdering(KafkaOrdering.PARTITION);
        startInProcess(config);

        awaitOutputs(ids);

        assertThat(app.maxInFlight()).as("concurrency 8, but only %d partitions", KafkaFixture.INPUT_PARTITIONS)
                .isBetween(1, KafkaFixture.INPUT_PARTITIONS);
        assertThat(app.calls()).hasSize(ids.size());
        awaitBacklogEmpty();
    }
}
