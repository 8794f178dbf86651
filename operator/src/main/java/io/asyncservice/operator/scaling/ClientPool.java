package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker client per distinct endpoint and credentials, shared by every AsyncService that reads from it,
 * reference-counted, and closed when the last one gives it back.
 *
 * <p>Connecting happens outside the pool's map lock, under the entry's own lock, so a slow broker only delays the
 * services that share it.
 */
public final class ClientPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClientPool.class);

    private final Map<ClientKey<?>, Entry> entries = new ConcurrentHashMap<>();

    /** A use of a shared client; close it to give the client back. */
    public static final class Lease<C extends AutoCloseable> implements AutoCloseable {
        private final ClientPool pool;
        private final ClientKey<C> key;
        private final Entry entry;
        private final C client;
        private boolean closed;

        private Lease(ClientPool pool, ClientKey<C> key, Entry entry, C client) {
            this.pool = pool;
            this.key = key;
            this.entry = entry;
            this.client = client;
        }

        public C client() {
            return client;
        }

        public String endpoint() {
            return key.endpoint();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                pool.release(key, entry);
            }
        }
    }

    private static final class Entry {
        private int references;
        private AutoCloseable client;

        synchronized AutoCloseable client(ClientKey<?> key) throws BacklogReadException {
            if (client == null) {
                client = key.connect();
                LOG.info("Opened a backlog client for {}", key.endpoint());
            }
            return client;
        }

        synchronized void close(ClientKey<?> key) {
            if (client != null) {
                try {
                    client.close();
                    LOG.info("Closed the backlog client for {}: no AsyncService uses it any more", key.endpoint());
                } catch (Exception e) {
                    LOG.warn("Closing the backlog client for {} failed: {}", key.endpoint(), e.toString());
                }
                client = null;
            }
        }
    }

    /**
     * The shared client for {@code key}, connected on first use.
     *
     * @throws BacklogReadException when the client cannot be created or connected; nothing is held then
     */
    public <C extends AutoCloseable> Lease<C> acquire(ClientKey<C> key) throws BacklogReadException {
        Entry entry = entries.compute(key, (k, existing) -> {
            Entry e = existing == null ? new Entry() : existing;
            e.references++;
            return e;
        });
        try {
            @SuppressWarnings("unchecked")
            C client = (C) entry.client(key);
            return new Lease<>(this, key, entry, client);
        } catch (BacklogReadException | RuntimeException e) {
            release(key, entry);
            throw e;
        }
    }

    private void release(ClientKey<?> key, Entry entry) {
        boolean[] last = {false};
        entries.computeIfPresent(key, (k, e) -> {
            if (e != entry) {
                return e;
            }
            e.references--;
            if (e.references == 0) {
                last[0] = true;
                return null;
            }
            return e;
        });
        if (last[0]) {
            entry.close(key);
        }
    }

    /** How many distinct clients are open or being opened. */
    public int size() {
        return entries.size();
    }

    /** Closes every client, whoever still holds it; for shutdown. */
    @Override
    public void close() {
        entries.forEach((key, entry) -> entry.close(key));
        entries.clear();
    }
}
