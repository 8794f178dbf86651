package io.asyncservice.sidecar.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.sidecar.testing.TestingDelivery;
import io.asyncservice.sidecar.testing.TestingEventLog;
import org.junit.jupiter.api.Test;

class MessageIdentityTest {

    private final TestingEventLog log = new TestingEventLog();

    @Test
    void aRedeliveryHasTheSameIdentity() {
        TestingDelivery first = TestingDelivery.of("req", "{\"n\":1}", log).messageId("m-1");

        assertThat(MessageIdentity.of(first.redelivered())).isEqualTo(MessageIdentity.of(first)).hasSize(64);
    }

    @Test
    void twoInputsUnderOneRequestIdHaveTwoIdentities() {
        assertThat(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":1}", log).messageId("m-1")))
                .isNotEqualTo(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":1}", log).messageId("m-2")));
        assertThat(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":1}", log)))
                .as("no broker id: the bodies tell them apart")
                .isNotEqualTo(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":2}", log)));
    }

    @Test
    void aReusedMessageIdWithAnotherBodyIsAnotherInput() {
        assertThat(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":1}", log).messageId("topic-0@7")))
                .isNotEqualTo(MessageIdentity.of(TestingDelivery.of("req", "{\"n\":2}", log).messageId("topic-0@7")));
    }
}
