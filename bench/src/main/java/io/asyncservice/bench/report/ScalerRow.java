package io.asyncservice.bench.report;

/**
 * The operator following many autoscaled AsyncServices.
 *
 * @param services            AsyncServices followed
 * @param renderSeconds       from the operator's start to every Deployment rendered
 * @param windowSeconds       length of the steady-state window
 * @param cores               the operator process's CPU in the window, in cores
 * @param rssMiB              its resident set size at the end of the window
 * @param peakRssMiB          its highest resident set size (VmHWM), over the whole run
 * @param readsPerMinute      backlog reads (SQS GetQueueAttributes calls) per minute, all services together
 * @param pollingSeconds      the services' pollingInterval
 * @param wakeUp              seconds from one message on an idle service to its Deployment at 1 replica
 * @param probes              services probed
 */
public record ScalerRow(int services, double renderSeconds, double windowSeconds, double cores, double rssMiB,
        double peakRssMiB, double readsPerMinute, double pollingSeconds, Summary wakeUp, int probes) {
}
