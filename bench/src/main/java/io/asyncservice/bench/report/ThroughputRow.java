package io.asyncservice.bench.report;

/**
 * Throughput at one concurrency on one broker, in messages per second, all taken in the same run.
 *
 * @param brokerLimit   the plain broker client consuming and acknowledging, no HTTP
 * @param httpLimit     the plain JDK HTTP client calling the no-op app, no broker
 * @param relay         the plain broker client doing the sidecar's steps one after the other (receive, call the app,
 *                      publish the output, ack) on as many messages; taken at concurrency 1 only, else NaN
 * @param withOutput    the sidecar, input to app to output queue
 * @param withoutOutput the sidecar, input to app, no output queue
 * @param sidecarCores  the sidecar process's CPU while it ran with an output queue, in cores
 * @param accounted     whether every message was delivered exactly as counted (successes, outputs, empty input)
 */
public record ThroughputRow(String broker, int concurrency, int messages, double brokerLimit, double httpLimit,
        double relay, double withOutput, double withoutOutput, double sidecarCores, boolean accounted) {

    /** The smaller of the two limits: what the sidecar could reach at best. */
    public double limit() {
        return Math.min(brokerLimit, httpLimit);
    }

    /**
     * What one message costs when the broker's work and the HTTP work cannot overlap, e.g. because both are bound by
     * the same CPU cores: {@code 1 / (1/brokerLimit + 1/httpLimit)}. On a small machine where each limit alone uses
     * every core, the sidecar's end-to-end rate cannot exceed it.
     */
    public double serialBound() {
        return 1 / (1 / brokerLimit + 1 / httpLimit);
    }

    public double ratioWithOutputToSerialBound() {
        return withOutput / serialBound();
    }

    public double ratioWithoutOutputToSerialBound() {
        return withoutOutput / serialBound();
    }

    public double ratioWithOutput() {
        return withOutput / limit();
    }

    public double ratioWithoutOutput() {
        return withoutOutput / limit();
    }

    /** The sidecar with output over the plain-client relay; NaN where no relay was taken. */
    public double ratioToRelay() {
        return withOutput / relay;
    }

    /** The sidecar's CPU time per message with output, in milliseconds: cores / (messages/s) × 1000. */
    public double cpuMsPerMessage() {
        return sidecarCores / withOutput * 1000;
    }
}
