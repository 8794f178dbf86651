package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NatsMessageSinkTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theSameOutputForTheSameRequestGetsTheSameDedupId() {
        assertThat(NatsMessageSink.dedupId("r-1", QueueRole.OUTPUT, bytes("{\"ok\":true}")))
                .isEqualTo(NatsMessageSink.dedupId("r-1", QueueRole.OUTPUT, bytes("{\"ok\":true}")))
                .startsWith("r-1:output:");
    }

    @Test
    void aDifferentBodyRoleOrRequestGetsAnotherDedupId() {
        String id = NatsMessageSink.dedupId("r-1", QueueRole.OUTPUT, bytes("a"));

        assertThat(NatsMessageSink.dedupId("r-1", QueueRole.OUTPUT, bytes("b"))).isNotEqualTo(id);
        assertThat(NatsMessageSink.dedupId("r-1", QueueRole.DEAD_LETTER, bytes("a"))).isNotEqualTo(id);
        assertThat(NatsMessageSink.dedupId("r-2", QueueRole.OUTPUT, bytes("a"))).isNotEqualTo(id);
    }
}
