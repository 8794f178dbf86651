package io.asyncservice.sidecar.nats;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.QueueRole;
import io.asyncservice.sidecar.broker.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NatsMessageSinkTest {

    private static final String INPUT_1 = "1".repeat(64);
    private static final String INPUT_2 = "2".repeat(64);

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static OutboundMessage answer(String requestId, String body, String inputIdentity) {
        return new OutboundMessage(requestId, bytes(body), "application/json", Map.of(), inputIdentity);
    }

    @Test
    void aRedeliveredInputGetsTheSameDedupIdEvenWhenTheAppAnswersDifferently() {
        assertThat(NatsMessageSink.dedupId(answer("r-1", "{\"n\":1}", INPUT_1), QueueRole.OUTPUT))
                .isEqualTo(NatsMessageSink.dedupId(answer("r-1", "{\"n\":2}", INPUT_1), QueueRole.OUTPUT))
                .isEqualTo(INPUT_1 + ":output");
    }

    @Test
    void twoInputsUnderOneRequestIdGetTwoDedupIdsEvenWhenTheirOutputsAreEqual() {
        assertThat(NatsMessageSink.dedupId(answer("r-1", "{\"ok\":true}", INPUT_1), QueueRole.OUTPUT))
                .isNotEqualTo(NatsMessageSink.dedupId(answer("r-1", "{\"ok\":true}", INPUT_2), QueueRole.OUTPUT));
    }

    @Test
    void anOutputAndADeadLetterOfOneInputGetTwoDedupIds() {
        assertThat(NatsMessageSink.dedupId(answer("r-1", "x", INPUT_1), QueueRole.OUTPUT))
                .isNotEqualTo(NatsMessageSink.dedupId(answer("r-1", "x", INPUT_1), QueueRole.DEAD_LETTER));
    }

    @Test
    void withoutAnInputIdentityTheRequestIdRoleAndBodyStandIn() {
        String id = NatsMessageSink.dedupId(answer("r-1", "a", null), QueueRole.OUTPUT);

        assertThat(id).startsWith("r-1:output:").isEqualTo(NatsMessageSink.dedupId(answer("r-1", "a", null), QueueRole.OUTPUT));
        assertThat(NatsMessageSink.dedupId(answer("r-1", "b", null), QueueRole.OUTPUT)).isNotEqualTo(id);
        assertThat(NatsMessageSink.dedupId(answer("r-1", "a", null), QueueRole.DEAD_LETTER)).isNotEqualTo(id);
        assertThat(NatsMessageSink.dedupId(answer("r-2", "a", null), QueueRole.OUTPUT)).isNotEqualTo(id);
    }

    @Test
    void withNeitherThereIsNoDedupId() {
        assertThat(NatsMessageSink.dedupId(answer(null, "a", null), QueueRole.OUTPUT)).isNull();
    }
}
