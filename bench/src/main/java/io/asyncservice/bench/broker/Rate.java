package io.asyncservice.bench.broker;

/** {@code count} messages handled in {@code seconds}. */
public record Rate(long count, double seconds) {

    public double perSecond() {
        return seconds <= 0 ? 0 : count / seconds;
    }
}
