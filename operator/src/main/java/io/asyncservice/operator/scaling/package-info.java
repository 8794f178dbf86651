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
 *       through {@link io.asyncservice.operator.scaling.ReplicaStore} and
 *       {@link io.asyncservice.operator.scaling.ScaleEventRecorder}, and published on the
 *       {@link io.asyncservice.operator.scaling.ScaleStatusBoard}.</li>
 *   <li><b>Scale-in</b> ({@code scalein} subpackage): before the loop lowers replicas to 1 or more, its
 *       {@link io.asyncservice.operator.scaling.ScaleInPreparation} reads every Pod's sidecar {@code /load} and sets
 *       the Pods' {@code controller.kubernetes.io/pod-deletion-cost} (pure {@code DeletionCostPolicy}: idle lowest,
 *       unreadable highest), so the ReplicaSet controller removes the idle Pods first.</li>
 *   <li><b>Kubernetes</b> ({@code kubernetes} subpackage): those interfaces on the operator's own machinery, and
 *       {@link io.asyncservice.operator.scaling.kubernetes.KubernetesScaler}, which puts it all together. It runs no
 *       informer of its own: it reads replicas from the Deployment dependent's informer, and its
 *       {@link io.asyncservice.operator.scaling.kubernetes.ScalerEventSource}, registered with the AsyncService
 *       controller, tells it of every AsyncService JOSDK sees (added, changed, deleted).</li>
 * </ul>
 *
 * <h2>Who writes what</h2>
 * <ul>
 *   <li><b>Pod deletion cost:</b> the scaler alone, on the Pods of an autoscaled service, with a JSON merge patch of
 *       that one annotation, before a scale-in.</li>
 *   <li><b>Replicas:</b> the scaler alone, with a JSON merge patch of {@code spec.replicas} as
 *       {@code Names.SCALER_FIELD_MANAGER}. The Deployment's re-render keeps the count it finds (the operator's
 *       ReplicaPolicy), and under server-side apply the operator's field manager leaves it out.</li>
 *   <li><b>Status:</b> the reconciler alone. The scaler publishes backlog, desiredReplicas, lastScaleTime and the
 *       BacklogAvailable condition ({@link io.asyncservice.operator.scaling.ScaleStatus}) on the
 *       {@link io.asyncservice.operator.scaling.ScaleStatusBoard}; when they changed, its event source asks JOSDK to
 *       reconcile the AsyncService, and {@code status.StatusFactory} merges them into the status the reconciler
 *       patches, on its valid, invalid and failed paths alike. No second writer, so no write conflicts and no
 *       status put back by the other.</li>
 *   <li><b>Events:</b> through the operator's {@code status.EventRecorder}, the same path and deduplication as the
 *       reconciler's ({@link io.asyncservice.operator.scaling.kubernetes.ScalerEvents}).</li>
 * </ul>
 *
 * <h2>Wiring into the operator</h2>
 * <pre>{@code
 * AsyncServiceDeployment deployment = new AsyncServiceDeployment(sidecarDefaults);
 * EventRecorder events = new EventRecorder(client, clock);
 * KubernetesScaler scaler = KubernetesScaler.create(client, meterRegistry, clock, ScalerSettings.defaults(), events,
 *         id -> deployment.eventSource().flatMap(informer -> informer.get(id)), Names::deploymentName);
 * new AsyncServiceReconciler(deployment, validator, new StatusFactory(clock, scaler.statuses()), events,
 *         scaler.eventSource());
 * // with leader election: LeaderElectionConfigurationBuilder.withLeaderCallbacks(
 * //         new LeaderCallbacks(scaler::startPolling, scaler::stopPolling, identity -> { }))
 * // without: scaler.startPolling() once the operator has started
 * // on shutdown: scaler.close()
 * }</pre>
 */
package io.asyncservice.operator.scaling;
