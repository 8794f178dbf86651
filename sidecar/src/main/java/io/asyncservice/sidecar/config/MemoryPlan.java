package io.asyncservice.sidecar.config;

/**
 * How many messages the sidecar can hold at once in its heap, whatever the payloads: a message in flight at the size
 * limits costs about {@value #MESSAGE_COPIES} copies of its body (the broker client assembles it, the engine holds it)
 * and {@value #RESPONSE_COPIES} of the app's response (the HTTP client's buffers, the body, and the output in JSON,
 * base64 for a body that is not UTF-8, as the broker client sends it). Of the heap, {@value #HEAP_SHARE_PERCENT}% is for
 * messages, less what the input buffers on its own (Kafka's fetches). When {@code concurrency} messages at both limits
 * would not fit, the sidecar runs fewer at once rather than run out of memory.
 *
 * <p>The copy counts were measured: 32 messages of 1 MiB in flight under the image's flags (a 128 MiB heap) held 75 MB
 * of byte arrays after a full GC and then ran out of memory; 32 of 256 KiB with 512 KiB binary responses did not
 * ({@code AmqpDeliveryIT}).
 *
 * @param concurrency the messages to run at once
 * @param lowered whether that is fewer than configured
 * @param perMessageBytes the heap one message at both limits may take
 * @param budgetBytes the heap for messages
 */
public record MemoryPlan(int concurrency, boolean lowered, long perMessageBytes, long budgetBytes) {

    static final int MESSAGE_COPIES = 3;
    static final int RESPONSE_COPIES = 4;
    static final int HEAP_SHARE_PERCENT = 60;

    /**
     * @param heapBytes the JVM's maximum heap
     * @param concurrency the configured concurrency
     * @param sourceBufferBytes what the input buffers besides the messages in flight (0 for most brokers)
     */
    public static MemoryPlan of(long heapBytes, int concurrency, int maxMessageBytes, int maxResponseBytes,
            long sourceBufferBytes) {
        long perMessage = (long) MESSAGE_COPIES * maxMessageBytes + (long) RESPONSE_COPIES * maxResponseBytes;
        long budget = Math.max(0, heapBytes / 100 * HEAP_SHARE_PERCENT - sourceBufferBytes);
        long fits = budget / perMessage;
        int planned = (int) Math.max(1, Math.min(concurrency, fits));
        return new MemoryPlan(planned, planned < concurrency, perMessage, budget);
    }

    /** What a log line says when the plan lowers the concurrency. */
    String explain(int configured, int maxMessageBytes, int maxResponseBytes) {
        return "delivery.concurrency " + configured + " lowered to " + concurrency + ": " + configured + " messages at "
                + "delivery.maxMessageSize " + maxMessageBytes + " bytes with responses at delivery.maxResponseSize "
                + maxResponseBytes + " bytes may take " + mib(perMessageBytes * configured) + " of heap, and "
                + mib(budgetBytes) + " is for messages; give the sidecar more memory (spec.sidecar.resources) or lower "
                + "the size limits";
    }

    private static String mib(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }
}
