package io.asyncservice.sidecar.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AmqpPublisherConfirmsTest {

    private final PublisherConfirms confirms = new PublisherConfirms();

    @Test
    void anAckCompletesOnlyItsOwnPublish() {
        CompletableFuture<Void> one = confirms.register(1);
        CompletableFuture<Void> two = confirms.register(2);

        confirms.acked(2, false);

        assertThat(two).isCompleted().isNotCompletedExceptionally();
        assertThat(one).isNotDone();
    }

    @Test
    void aMultipleAckCompletesEverythingUpToIt() {
        CompletableFuture<Void> one = confirms.register(1);
        CompletableFuture<Void> two = confirms.register(2);
        CompletableFuture<Void> three = confirms.register(3);

        confirms.acked(2, true);

        assertThat(one).isCompleted();
        assertThat(two).isCompleted();
        assertThat(three).isNotDone();
        assertThat(confirms.size()).isEqualTo(1);
    }

    @Test
    void aNackFails() {
        CompletableFuture<Void> one = confirms.register(1);
        CompletableFuture<Void> two = confirms.register(2);

        confirms.nacked(2, true);

        assertThat(one).isCompletedExceptionally();
        assertThat(two).isCompletedExceptionally();
    }

    @Test
    void aReturnedPublishFailsAndItsLaterAckChangesNothing() {
        CompletableFuture<Void> returned = confirms.register(7);

        confirms.fail(7, new IllegalStateException("unroutable"));
        confirms.acked(7, false);

        assertThat(returned).isCompletedExceptionally();
    }

    @Test
    void aClosedChannelFailsEverythingOutstanding() {
        CompletableFuture<Void> one = confirms.register(1);
        CompletableFuture<Void> two = confirms.register(2);

        confirms.failAll(new IllegalStateException("closed"));

        assertThat(one).isCompletedExceptionally();
        assertThat(two).isCompletedExceptionally();
        assertThat(confirms.size()).isZero();
    }
}
