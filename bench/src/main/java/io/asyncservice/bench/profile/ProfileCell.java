package io.asyncservice.bench.profile;

import java.util.List;

/** The one throughput cell whose sidecar (with output) runs under JFR: {@code --profile BROKER:CONCURRENCY}. */
public record ProfileCell(String broker, int concurrency) {

    /** Parses {@code amqp:32}; {@code brokers} are the names allowed. */
    public static ProfileCell parse(String value, List<String> brokers) {
        String[] parts = value.trim().split(":", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("--profile: " + value + " is not BROKER:CONCURRENCY, e.g. amqp:32");
        }
        String broker = parts[0].trim();
        if (!brokers.contains(broker)) {
            throw new IllegalArgumentException("--profile: " + broker + " is not one of " + String.join(", ", brokers));
        }
        int concurrency;
        try {
            concurrency = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            concurrency = 0;
        }
        if (concurrency <= 0) {
            throw new IllegalArgumentException("--profile: " + parts[1].trim() + " is not a positive concurrency");
        }
        return new ProfileCell(broker, concurrency);
    }

    public boolean is(String broker, int concurrency) {
        return this.broker.equals(broker) && this.concurrency == concurrency;
    }

    @Override
    public String toString() {
        return broker + ":" + concurrency;
    }
}
