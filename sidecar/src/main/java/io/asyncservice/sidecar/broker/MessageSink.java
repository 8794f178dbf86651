package io.asyncservice.sidecar.broker;

import java.util.concurrent.CompletionStage;

/** An output or dead-letter queue. */
public interface MessageSink extends AutoCloseable {

    /** Publishes a message; completes only once the broker has durably accepted it, exceptionally otherwise. */
    CompletionStage<Void> publish(OutboundMessage message);

    /** Whether the connection to the broker is up, for /readyz. */
    boolean isConnected();

    @Override
    void close();
}
