package io.asyncservice.sidecar.broker;

import java.util.concurrent.CompletionStage;

/** An output or dead-letter queue. */
public interface MessageSink extends AutoCloseable {

    /**
     * Publishes a message; completes only once the broker has durably accepted it, exceptionally otherwise.
     *
     * <p>The stage may complete on a thread of the broker's client (the one that read the confirm). Callers wait on it
     * ({@code get}) and never chain work to it, which would run on that thread and hold up every other confirm.
     */
    CompletionStage<Void> publish(OutboundMessage message);

    /** Whether the connection to the broker is up, for /readyz. */
    boolean isConnected();

    @Override
    void close();
}
