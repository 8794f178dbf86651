package io.asyncservice.bench.report;

/**
 * The sidecar process's footprint on one broker.
 *
 * @param startSeconds from spawning the JVM to the first message's output, with the message already waiting
 * @param idleCores    CPU while idle (connected, long polling), in cores
 * @param loadRate     messages per second delivered during the load window
 * @param peakRssMiB   the highest resident set size over the whole life of the process (VmHWM)
 */
public record FootprintRow(String broker, double startSeconds, double idleCores, double idleRssMiB, double loadRate,
        double loadCores, double loadRssMiB, double peakRssMiB) {
}
