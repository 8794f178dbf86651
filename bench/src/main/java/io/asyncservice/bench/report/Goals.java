package io.asyncservice.bench.report;

/** The goals of issue 7, in one place. */
public final class Goals {

    /** Sidecar throughput at concurrency 32 over the smaller limit. */
    public static final double MIN_RATIO_AT_32 = 0.9;
    /** Milliseconds the sidecar may add at p99 on top of the broker's own delivery. */
    public static final double MAX_ADDED_P99_MS = 2.0;
    public static final double MAX_SIDECAR_RSS_MIB = 128;
    public static final double MAX_SIDECAR_START_SECONDS = 1.5;
    public static final double MAX_OPERATOR_CORES = 0.5;
    public static final double MAX_OPERATOR_RSS_MIB = 512;
    /** Wake-up within one polling interval plus this. */
    public static final double WAKE_UP_SLACK_SECONDS = 1.0;

    private Goals() {
    }

    public static String mark(boolean met) {
        return met ? "met" : "**not met**";
    }
}
