package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.model.DeploymentRenderer;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.SidecarDefaults;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResourceConfigBuilder;

/**
 * The Deployment of an AsyncService, as a JOSDK dependent resource: JOSDK creates it, sets the owner reference,
 * compares and updates it; this class only says what it should look like.
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
                .withKubernetesDependentInformerConfig(InformerConfiguration.builder(Deployment.class)
                        .withLabelSelector(Names.MANAGED_BY_SELECTOR)
                        .build())
                .build());
    }

    /**
     * The rendered Deployment. Its replicas follow {@link io.asyncservice.operator.model.ReplicaPolicy}: with
     * autoscaling they are the current Deployment's, so JOSDK's comparison sees no difference there and an update
     * writes back the value the scaler set.
     */
    @Override
    protected Deployment desired(AsyncService asvc, Context<AsyncService> context) {
        Integer currentReplicas = context.getSecondaryResource(Deployment.class)
                .map(d -> d.getSpec() == null ? null : d.getSpec().getReplicas())
                .orElse(null);
        return DeploymentRenderer.fromCrd(asvc, sidecarDefaults, ReferencedSecrets.byName(context), currentReplicas)
                .generateDeployment();
    }
}
