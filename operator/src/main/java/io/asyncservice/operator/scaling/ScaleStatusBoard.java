package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The scaler's latest {@link ScaleStatus} per AsyncService, held in memory until the reconciler writes it: the scaler
 * publishes here after each poll, and the operator's {@code StatusFactory} merges what it finds into the status it
 * patches. The reconciler is thus the only writer of an AsyncService's status. Thread-safe.
 *
 * <p>A publication that changes nothing a person would see ({@link ScaleStatus#sameAs}) is dropped; one that does is
 * kept and announced to the listener, which asks JOSDK to reconcile that AsyncService.
 */
public final class ScaleStatusBoard {

    private final Map<ServiceKey, ScaleStatus> latest = new ConcurrentHashMap<>();
    private volatile Consumer<ServiceKey> onChange = key -> { };

    /** Who to tell when a service's scaler status changed, e.g. an event source that triggers a reconcile. */
    public void onChange(Consumer<ServiceKey> listener) {
        this.onChange = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Keeps {@code status} as the service's latest, unless it is the {@link ScaleStatus#sameAs same} as the one kept.
     *
     * @return whether it changed, in which case the listener was told
     */
    public boolean publish(ServiceKey key, ScaleStatus status) {
        Objects.requireNonNull(status, "status");
        boolean[] changed = {false};
        latest.compute(key, (k, previous) -> {
            if (previous != null && previous.sameAs(status)) {
                return previous;
            }
            changed[0] = true;
            return status;
        });
        if (changed[0]) {
            onChange.accept(key);
        }
        return changed[0];
    }

    /** The service's latest scaler status; empty before its first poll (e.g. just after a restart) or once it is no longer followed. */
    public Optional<ScaleStatus> latest(ServiceKey key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** Forgets a service: no longer followed, or its next poll must count as a change (leadership regained). */
    public void forget(ServiceKey key) {
        latest.remove(key);
    }
}
