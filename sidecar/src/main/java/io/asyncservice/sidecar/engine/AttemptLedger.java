package io.asyncservice.sidecar.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this process remembers of each input message it has held, by the message's identity
 * ({@link io.asyncservice.sidecar.broker.MessageIdentity}): how many times it called the app with it, how many times it
 * gave the message back because its output or dead letter could not be written, and whether it already failed for
 * good. A message comes back to the same process after a release (a drain, an idle return, an output outage, a Kafka
 * seek, a reject on a broker without a dead-letter policy of its own), and the counts go on from where they were,
 * whatever the broker's own delivery count says: deliveries that never reached the app use up no attempt, and a message
 * whose output can never be written cannot loop, even on brokers that do not count deliveries (Kafka, classic RabbitMQ
 * queues).
 *
 * <p>A message is forgotten once it is acked. At most {@code capacity} messages are remembered; past that the one least
 * recently seen is forgotten first (a forgotten message starts counting again, as after a restart).
 */
final class AttemptLedger {

    /** Enough for every message a replica holds at once, and for those it released, many times over. */
    static final int DEFAULT_CAPACITY = 10_000;

    /** One message's counts. Guarded by the ledger's lock. */
    private static final class Entry {
        int deliveries;
        int calls;
        int returns;
        boolean failed;
    }

    private final Map<String, Entry> entries;

    AttemptLedger(int capacity) {
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records a delivery of {@code key} and returns its counts, this delivery included. */
    synchronized Counts delivered(String key) {
        Entry e = entry(key);
        e.deliveries++;
        return new Counts(e.deliveries, e.calls, e.returns, e.failed);
    }

    /** Records a call to the app; returns the attempt number of that call (1 for the first). */
    synchronized int called(String key) {
        return ++entry(key).calls;
    }

    /**
     * Records that the message is given back unfinished because its output or dead letter could not be written, or
     * rejected; returns how many times that has happened, this one included.
     */
    synchronized int returned(String key, boolean failedForGood) {
        Entry e = entry(key);
        e.failed |= failedForGood;
        return ++e.returns;
    }

    /** Forgets {@code key}: it was acked, so it will not come back. */
    synchronized void forget(String key) {
        entries.remove(key);
    }

    synchronized int size() {
        return entries.size();
    }

    private Entry entry(String key) {
        return entries.computeIfAbsent(key, k -> new Entry());
    }

    /**
     * @param deliveries deliveries of the message to this process, the current one included
     * @param calls calls to the app with it so far
     * @param returns times it was given back unfinished because an output or dead letter could not be written, or rejected
     * @param failed whether it already went down the failure path to its end (rejected) in this process
     */
    record Counts(int deliveries, int calls, int returns, boolean failed) {

        boolean firstSeen() {
            return deliveries == 1;
        }
    }
}
