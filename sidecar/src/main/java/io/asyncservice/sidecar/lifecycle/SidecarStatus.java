package io.asyncservice.sidecar.lifecycle;

import io.asyncservice.api.sidecar.SidecarLoad;
import java.util.concurrent.CompletableFuture;

/** What the admin endpoints ask the running sidecar. */
public interface SidecarStatus {

    /** False when the sidecar is broken beyond repair and should be restarted. */
    boolean isLive();

    /** Null when ready (broker connected, app ready, not draining), else why not. */
    String notReadyReason();

    /** What {@code /load} answers: in flight, the oldest's age, successes since start, draining. */
    SidecarLoad load();

    /**
     * Stops fetching and completes when everything in flight is settled. Idempotent while the drain lasts; the sidecar
     * may fetch again later if no termination follows.
     */
    CompletableFuture<Void> drain();
}
