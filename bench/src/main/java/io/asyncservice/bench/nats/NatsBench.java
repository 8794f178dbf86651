package io.asyncservice.bench.nats;

import io.asyncservice.bench.broker.BenchBroker;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.testing.LocalNats;
import io.nats.client.Connection;

/** NATS JetStream: this machine's nats-server at 127.0.0.1:4222 (started if absent), file-backed streams. */
public final class NatsBench implements BenchBroker {

    private final Connection connection;

    private NatsBench(Connection connection) {
        this.connection = connection;
    }

    public static NatsBench start() {
        return new NatsBench(LocalNats.connect());
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String description() {
        return "NATS JetStream: the machine's nats-server " + connection.getServerInfo().getVersion() + " at " + LocalNats.URL;
    }

    @Override
    public Lane newLane() {
        return new NatsLane(connection);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
