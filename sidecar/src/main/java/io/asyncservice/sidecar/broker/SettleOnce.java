package io.asyncservice.sidecar.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Lets a delivery be settled once: a second ack, release or reject is refused before it reaches the broker (where an
 * unknown delivery tag closes the channel, or a second ack of a redelivered message acks the wrong lease). A
 * settlement the broker did not confirm gives its claim back, so the engine may try again.
 */
public final class SettleOnce {

    private final AtomicReference<String> settledBy = new AtomicReference<>();

    /**
     * Runs {@code settlement} unless the delivery was settled before.
     *
     * @param operation  what is asked, e.g. "ack", for the refusal's message
     * @param delivery   how the delivery is named in that message
     * @param settlement sends it to the broker
     */
    public CompletableFuture<Void> settle(String operation, Supplier<String> delivery, Supplier<CompletableFuture<Void>> settlement) {
        if (!settledBy.compareAndSet(null, operation)) {
            return CompletableFuture.failedFuture(new IllegalStateException(delivery.get() + " was already settled by "
                    + settledBy.get() + "; " + operation + " refused"));
        }
        CompletableFuture<Void> result;
        try {
            result = settlement.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        // The returned stage completes after the claim is given back, so a caller that retries on failure is not refused.
        return result.whenComplete((ok, error) -> {
            if (error != null) {
                settledBy.compareAndSet(operation, null);
            }
        });
    }

    /** True once a settlement was claimed and not given back. */
    public boolean isSettled() {
        return settledBy.get() != null;
    }
}
