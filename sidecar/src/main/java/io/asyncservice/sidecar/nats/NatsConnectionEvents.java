package io.asyncservice.sidecar.nats;

import io.asyncservice.api.sidecar.QueueRole;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a NATS connection's state changes and errors through SLF4J (one line each) and tells interested parties when the
 * connection came back, since pull requests made before a disconnect are gone.
 */
final class NatsConnectionEvents implements ConnectionListener, ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnectionEvents.class);

    private final QueueRole role;
    private final List<Runnable> onReconnect = new CopyOnWriteArrayList<>();

    NatsConnectionEvents(QueueRole role) {
        this.role = role;
    }

    void onReconnect(Runnable action) {
        onReconnect.add(action);
    }

    @Override
    public void connectionEvent(Connection connection, Events event) {
        switch (event) {
            case CONNECTED -> LOG.info("NATS {} connection up: {}", role.field(), connection.getConnectedUrl());
            case RECONNECTED -> {
                LOG.info("NATS {} connection re-established: {}", role.field(), connection.getConnectedUrl());
                onReconnect.forEach(Runnable::run);
            }
            case DISCONNECTED -> LOG.warn("NATS {} connection lost; reconnecting", role.field());
            case CLOSED -> LOG.info("NATS {} connection closed", role.field());
            default -> LOG.debug("NATS {} connection event {}", role.field(), event);
        }
    }

    @Override
    public void errorOccurred(Connection connection, String error) {
        LOG.warn("NATS {} server error: {}", role.field(), error);
    }

    @Override
    public void exceptionOccurred(Connection connection, Exception exp) {
        LOG.warn("NATS {} connection error: {}", role.field(), exp.toString());
    }

    @Override
    public void pullStatusWarning(Connection connection, JetStreamSubscription sub, Status status) {
        LOG.debug("NATS {} pull status {} {}", role.field(), status.getCode(), status.getMessage());
    }

    @Override
    public void pullStatusError(Connection connection, JetStreamSubscription sub, Status status) {
        LOG.warn("NATS {} pull error {} {}", role.field(), status.getCode(), status.getMessage());
    }
}
