package io.asyncservice.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;

/** NATS with JetStream on 127.0.0.1:4222, installed and started by {@code dev/services} if it does not answer. */
public final class LocalNats {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 4222;
    public static final String URL = "nats://127.0.0.1:4222";

    private LocalNats() {
    }

    public static void ensureRunning() {
        LocalServices.ensure("nats", HOST, PORT);
    }

    /** A new connection; close it when done. */
    public static Connection connect() {
        ensureRunning();
        try {
            return Nats.connect(URL);
        } catch (IOException e) {
            throw new IllegalStateException("could not connect to NATS at " + URL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a file-backed stream over the given subjects. */
    public static void createStream(Connection connection, String stream, String... subjects) {
        try {
            JetStreamManagement jsm = connection.jetStreamManagement();
            jsm.addStream(StreamConfiguration.builder().name(stream).subjects(subjects).storageType(StorageType.File).build());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("could not create stream " + stream, e);
        }
    }

    public static void deleteStream(Connection connection, String stream) {
        try {
            connection.jetStreamManagement().deleteStream(stream);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("could not delete stream " + stream, e);
        }
    }
}
