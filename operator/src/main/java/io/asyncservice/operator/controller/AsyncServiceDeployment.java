package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.model.DeploymentRenderer;
import io.asyncservice.operator.model.DrainToken;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.PodSelector;
import io.asyncservice.operator.model.ReplicaPolicy;
import io.asyncservice.operator.model.SidecarDefaults;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;

/**
 * The Deployment of an AsyncService, as a JOSDK dependent resource: JOSDK creates it, sets the owner reference,
 * compares and updates it; this class says what it should look like, and guards three things JOSDK does not:
 *
 * <ul>
 *   <li>a Deployment of the same name that is not the AsyncService's is never taken over
 *       ({@link DeploymentNameTakenException});</li>
 *   <li>the selector of an existing Deployment is kept ({@link PodSelector}), since Kubernetes refuses to change it,
 *       and so is its {@link DrainToken}, so a reconcile does not roll the pods;</li>
 *   <li>with server-side apply and autoscaling, {@code spec.replicas} belongs to the scaler's field manager and the
 *       operator's apply leaves it out ({@link ScalerReplicaOwnership}).</li>
 * </ul>
 *
 * <p>It is a standalone dependent that the reconciler calls itself, and only for a valid spec, so an invalid spec
 * never creates, changes or deletes a Deployment. Its informer sees only Deployments with the operator's
 * managed-by label.
 */
public class AsyncServiceDeployment extends CRUDKubernetesDependentResource<Deployment, AsyncService> {

    private final SidecarDefaults sidecarDefaults;

    public AsyncServiceDeployment(SidecarDefaults sidecarDefaults) {
        super(Deployment.class);
        this.sidecarDefaults = sidecarDefaults;
        configureWith(new KubernetesDependentResourceConfigBuilder<Deployment>()
                // JOSDK's default, which this builder would otherwise turn off: a server-side apply that creates
                // sends resourceVersion 1, so it can only create, never apply onto a Deployment that appeared meanwhile.
                .withCreateResourceOnlyIfNotExistingWithSSA(true)
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(Deployment.class)
                        .withLabelSelector(Names.MANAGED_BY_SELECTOR)
                        .build())
                .build());
    }

    /**
     * The rendered Deployment. Its replicas follow {@link ReplicaPolicy}. With autoscaling and server-side apply they
     * are left out, so the operator's field manager never owns them; without server-side apply they are the current
     * Deployment's, so JOSDK's comparison sees no difference there and an update writes back the value the scaler set.
     */
    @Override
    protected Deployment desired(AsyncService asvc, Context<AsyncService> context) {
        return desired(asvc, context, context.getSecondaryResource(Deployment.class).orElse(null));
    }

    /** As rendered over {@code current}, whose selector and {@link DrainToken} it keeps. */
    private Deployment desired(AsyncService asvc, Context<AsyncService> context, Deployment current) {
        Integer currentReplicas = current == null || current.getSpec() == null ? null : current.getSpec().getReplicas();
        Deployment desired = DeploymentRenderer.fromCrd(asvc, sidecarDefaults, ReferencedSecrets.byName(context),
                        currentReplicas, PodSelector.kept(asvc, current), DrainToken.kept(current))
                .generateDeployment();
        if (scalerOwnsReplicasUnderSsa(asvc, context)) {
            desired.getSpec().setReplicas(null);
        }
        return desired;
    }

    /**
     * Creates the Deployment, unless one of that name exists. If it is the AsyncService's (its informer does not see
     * it, e.g. because its managed-by label was removed by hand) it is updated instead; if it is someone else's, the
     * create fails with {@link DeploymentNameTakenException}.
     */
    @Override
    public Deployment create(Deployment desired, AsyncService asvc, Context<AsyncService> context) {
        Deployment existing = context.getClient().apps().deployments()
                .inNamespace(asvc.getMetadata().getNamespace()).withName(desired.getMetadata().getName()).get();
        if (existing != null) {
            if (!ownedBy(existing, asvc)) {
                throw new DeploymentNameTakenException(asvc);
            }
            // Rendered again over the Deployment found, so that its drain token is kept and its pods do not roll.
            return update(existing, desired(asvc, context, existing), asvc, context);
        }
        if (!scalerOwnsReplicasUnderSsa(asvc, context)) {
            return super.create(desired, asvc, context);
        }
        // Created with the count the scaler would start from, which then passes to the scaler's field manager.
        int initial = ReplicaPolicy.replicas(asvc, null);
        Deployment withReplicas = context.getClient().getKubernetesSerialization().clone(desired);
        withReplicas.getSpec().setReplicas(initial);
        Deployment created = super.create(withReplicas, asvc, context);
        ScalerReplicaOwnership.handOver(context.getClient(), created, initial);
        return super.update(created, desired, asvc, context);
    }

    /** Updates the Deployment; first hands its replicas to the scaler if the operator's apply still owns them. */
    @Override
    public Deployment update(Deployment actual, Deployment desired, AsyncService asvc, Context<AsyncService> context) {
        if (scalerOwnsReplicasUnderSsa(asvc, context)
                && ScalerReplicaOwnership.appliedBy(actual, context.getControllerConfiguration().fieldManager())) {
            Integer replicas = actual.getSpec().getReplicas();
            ScalerReplicaOwnership.handOver(context.getClient(), actual,
                    replicas == null ? ReplicaPolicy.replicas(asvc, null) : replicas);
        }
        return super.update(actual, desired, asvc, context);
    }

    private boolean scalerOwnsReplicasUnderSsa(AsyncService asvc, Context<AsyncService> context) {
        return ReplicaPolicy.scalerOwnsReplicas(asvc.getSpec()) && useSSA(context);
    }

    private static boolean ownedBy(Deployment deployment, AsyncService asvc) {
        var references = deployment.getMetadata().getOwnerReferences();
        return references != null && references.stream()
                .anyMatch(r -> r.getUid() != null && r.getUid().equals(asvc.getMetadata().getUid()));
    }
}
