/**
 * The scaler: Deployment replicas that follow the input backlog, to zero and back, for all four brokers.
 *
 * <h2>Parts</h2>
 * <ul>
 *   <li><b>Readers</b> ({@link io.asyncservice.operator.scaling.BacklogReader}, one class per broker in
 *       {@code sqs}, {@code kafka}, {@code nats}, {@code amqp}; opened by
 *       {@link io.asyncservice.operator.scaling.BrokerBacklogReaders}). Each holds a lease on a shared client from the
 *       {@link io.asyncservice.operator.scaling.ClientPool}: one client per distinct endpoint and credentials,
 *       closed when the last AsyncService using it lets go. Every broker call has a timeout.</li>
 *   <li><b>Policy</b> ({@link io.asyncservice.operator.scaling.ScalingPolicy}): pure, no I/O, no clock. Backlog,
 *       current replicas, time, rules and history in; desired replicas, reason and next history out.</li>
 *   <li><b>Loop</b> ({@link io.asyncservice.operator.scaling.ScalerLoop}): a jittered timer per AsyncService, reads
 *       on a bounded executor with a per-endpoint limit and a deadline, decisions applied on a second executor
 *       through {@link io.asyncservice.operator.scaling.ReplicaStore},
 *       {@link io.asyncservice.operator.scaling.ScaleStatusWriter} and
 *       {@link io.asyncservice.operator.scaling.ScaleEventRecorder}.</li>
 *   <li><b>Kubernetes</b> ({@code kubernetes} subpackage): those interfaces on the fabric8 client, and
 *       {@link io.asyncservice.operator.scaling.kubernetes.KubernetesScaler}, which puts it all together with an
 *       informer on AsyncServices that tracks and untracks them.</li>
 * </ul>
 *
 * <h2>Wiring into the operator</h2>
 * <pre>{@code
 * KubernetesScaler scaler = KubernetesScaler.create(client, meterRegistry, clock, ScalerSettings.defaults(),
 *         watchedNamespaces, Names.MANAGED_BY_SELECTOR, Names::deploymentName);
 * // with leader election: LeaderElectionConfigurationBuilder.withLeaderCallbacks(
 * //         new LeaderCallbacks(scaler::startPolling, scaler::stopPolling, identity -> { }))
 * // without: scaler.startPolling() once the operator has started
 * // on shutdown: scaler.close()
 * }</pre>
 * The Deployment's re-render must keep the replicas it finds (the operator's ReplicaPolicy does); the scaler
 * patches {@code spec.replicas} alone and owns it while {@code spec.autoscaling} is set.
 */
package io.asyncservice.operator.scaling;
