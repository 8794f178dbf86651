package io.asyncservice.bench.report;

/**
 * Latency at low load (one message at a time), in milliseconds.
 *
 * @param relay   publish to output received, with the plain client doing the sidecar's broker work (receive, publish
 *                the output, ack) and no HTTP
 * @param direct  one direct HTTP call to the no-op app
 * @param sidecar publish to output received, through the sidecar and the no-op app
 * @param added   per message: sidecar time minus the median relay time minus the median direct call
 */
public record LatencyRow(String broker, Summary relay, Summary direct, Summary sidecar, Summary added) {
}
