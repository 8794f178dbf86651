package io.asyncservice.sidecar.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One producer per (bootstrap servers, credentials), shared by the sinks that need it (an output and a dead letter on
 * the same cluster), counted, and closed when its last sink closes.
 */
final class SharedProducers {

    private static final Logger log = LoggerFactory.getLogger(SharedProducers.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** What identifies a producer. Holds credential values, so it has no readable toString. */
    static final class Key {
        private final String bootstrapServers;
        private final Map<String, String> credentials;

        Key(String bootstrapServers, Map<String, String> credentials) {
            this.bootstrapServers = bootstrapServers.trim();
            this.credentials = new TreeMap<>(credentials);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && bootstrapServers.equals(k.bootstrapServers) && credentials.equals(k.credentials);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bootstrapServers, credentials);
        }

        @Override
        public String toString() {
            return "producer for " + bootstrapServers;
        }
    }

    /** A sink's hold on a shared producer; {@link #release()} once when the sink closes. */
    final class Lease {
        private final Key key;
        private final Producer<byte[], byte[]> producer;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Key key, Producer<byte[], byte[]> producer) {
            this.key = key;
            this.producer = producer;
        }

        Producer<byte[], byte[]> producer() {
            return producer;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                SharedProducers.this.release(key);
            }
        }
    }

    private static final class Counted {
        final Producer<byte[], byte[]> producer;
        int holders;

        Counted(Producer<byte[], byte[]> producer) {
            this.producer = producer;
        }
    }

    private final Function<Properties, Producer<byte[], byte[]>> factory;
    private final Map<Key, Counted> producers = new HashMap<>();

    SharedProducers(Function<Properties, Producer<byte[], byte[]>> factory) {
        this.factory = factory;
    }

    /** The producer for {@code key}, created from {@code props} when no sink holds one yet. */
    synchronized Lease acquire(Key key, Properties props) {
        Counted counted = producers.computeIfAbsent(key, k -> new Counted(factory.apply(props)));
        counted.holders++;
        return new Lease(key, counted.producer);
    }

    private void release(Key key) {
        Producer<byte[], byte[]> toClose = null;
        synchronized (this) {
            Counted counted = producers.get(key);
            if (counted != null && --counted.holders == 0) {
                producers.remove(key);
                toClose = counted.producer;
            }
        }
        if (toClose != null) {
            try {
                toClose.close(CLOSE_TIMEOUT);
            } catch (RuntimeException e) {
                log.warn("kafka: closing the {} failed: {}", key, e.toString());
            }
        }
    }

    /** How many distinct producers are open. */
    synchronized int size() {
        return producers.size();
    }
}
