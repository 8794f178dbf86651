package io.asyncservice.sidecar.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettleOnceTest {

    private final SettleOnce settleOnce = new SettleOnce();
    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void aSecondSettlementIsRefusedWithoutReachingTheBroker() {
        CompletableFuture<Void> ack = settleOnce.settle("ack", () -> "message 7", this::confirmed);
        CompletableFuture<Void> release = settleOnce.settle("release", () -> "message 7", this::confirmed);

        assertThat(ack).isCompleted();
        assertThat(release).isCompletedExceptionally();
        assertThatThrownBy(release::join).rootCause().hasMessage("message 7 was already settled by ack; release refused");
        assertThat(sent).hasValue(1);
        assertThat(settleOnce.isSettled()).isTrue();
    }

    @Test
    void anUnconfirmedSettlementMayBeTriedAgain() {
        CompletableFuture<Void> broker = new CompletableFuture<>();
        CompletableFuture<Void> first = settleOnce.settle("ack", () -> "message 7", () -> broker);
        assertThat(settleOnce.isSettled()).as("claimed while the broker has not answered").isTrue();

        broker.completeExceptionally(new IllegalStateException("timed out"));

        assertThat(first).isCompletedExceptionally();
        assertThat(settleOnce.isSettled()).isFalse();
        assertThat(settleOnce.settle("ack", () -> "message 7", this::confirmed)).isCompleted();
    }

    @Test
    void aSettlementThatThrowsGivesItsClaimBack() {
        CompletableFuture<Void> failed = settleOnce.settle("reject", () -> "message 7", () -> {
            throw new IllegalStateException("connection closed");
        });

        assertThat(failed).isCompletedExceptionally();
        assertThat(settleOnce.isSettled()).isFalse();
    }

    private CompletableFuture<Void> confirmed() {
        sent.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }
}
