package io.asyncservice.bench.report;

/** The goals of issue 17 (the sidecar) and issue 7 (footprint, scaler), in one place. */
public final class Goals {

    /** The concurrency at which the throughput goals are judged, with an output queue. */
    public static final int THROUGHPUT_CONCURRENCY = 32;
    /** Sidecar throughput with output over the serial bound, at concurrency 32. */
    public static final double MIN_SERIAL_BOUND_RATIO_AT_32 = 0.8;
    /** Sidecar throughput with output over the plain-client relay's, at concurrency 1. */
    public static final double MIN_RATIO_TO_RELAY_AT_1 = 0.9;
    /** Sidecar CPU per message with output at concurrency 32, in milliseconds: NATS, AMQP, Kafka. */
    public static final double MAX_CPU_MS_PER_MESSAGE = 0.10;
    /** As {@link #MAX_CPU_MS_PER_MESSAGE}, for SQS (HTTP and JSON per batch, signed requests). */
    public static final double MAX_CPU_MS_PER_MESSAGE_SQS = 0.30;
    /** Milliseconds the sidecar may add at p50 on top of the broker's own delivery and the app. */
    public static final double MAX_ADDED_P50_MS = 0.5;
    /** Milliseconds the sidecar may add at p99 on top of the broker's own delivery and the app. */
    public static final double MAX_ADDED_P99_MS = 2.0;
    public static final double MAX_SIDECAR_RSS_MIB = 128;
    public static final double MAX_SIDECAR_START_SECONDS = 1.5;
    public static final double MAX_OPERATOR_CORES = 0.5;
    public static final double MAX_OPERATOR_RSS_MIB = 512;
    /** Wake-up within one polling interval plus this. */
    public static final double WAKE_UP_SLACK_SECONDS = 1.0;

    private Goals() {
    }

    /** The CPU-per-message goal of one broker, in milliseconds. */
    public static double maxCpuMsPerMessage(String broker) {
        return broker.equals("sqs") ? MAX_CPU_MS_PER_MESSAGE_SQS : MAX_CPU_MS_PER_MESSAGE;
    }

    public static String mark(boolean met) {
        return met ? "met" : "**not met**";
    }
}
