package io.asyncservice.sandbox.demo;

import io.asyncservice.sandbox.broker.BrokerMessage;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What came back for the messages sent: every output and dead-letter message counted by request id, so that
 * lost (sent, nothing came back), duplicates (more than one result for an id) and unexpected ids are plain numbers.
 * Thread-safe.
 */
public final class Tally {

    private final Set<String> sent;
    private final Map<String, Integer> results = new HashMap<>();
    private final Map<String, String> lastStatus = new HashMap<>();
    private int received;
    private int unexpected;

    public Tally(Set<String> sent) {
        this.sent = Set.copyOf(sent);
    }

    public synchronized void record(List<BrokerMessage> messages) {
        for (BrokerMessage m : messages) {
            received++;
            if (m.requestId() == null || !sent.contains(m.requestId())) {
                unexpected++;
                continue;
            }
            results.merge(m.requestId(), 1, Integer::sum);
            lastStatus.put(m.requestId(), m.status());
        }
    }

    public int sent() {
        return sent.size();
    }

    /** Every message read back, duplicates included. */
    public synchronized int received() {
        return received;
    }

    /** Sent ids with at least one result. */
    public synchronized int answered() {
        return results.size();
    }

    public synchronized int lost() {
        return sent.size() - results.size();
    }

    /** Results beyond the first for an id. */
    public synchronized int duplicates() {
        return results.values().stream().mapToInt(n -> n - 1).sum();
    }

    /** Ids answered more than once. */
    public synchronized Set<String> duplicatedIds() {
        Set<String> ids = new HashSet<>();
        results.forEach((id, n) -> {
            if (n > 1) {
                ids.add(id);
            }
        });
        return ids;
    }

    public synchronized int unexpected() {
        return unexpected;
    }

    /** Ids whose last result has this status, e.g. SUCCESS, FAILED or DEAD_LETTER. */
    public synchronized int withStatus(String status) {
        return (int) lastStatus.values().stream().filter(status::equals).count();
    }

    public synchronized boolean complete() {
        return results.size() == sent.size();
    }
}
