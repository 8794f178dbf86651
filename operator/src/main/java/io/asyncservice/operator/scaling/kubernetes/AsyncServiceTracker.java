package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScalerLoop;
import io.asyncservice.operator.scaling.ServiceKey;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Function;

/**
 * Tells the loop about AsyncServices as an informer sees them: added or changed (autoscaling added, removed or
 * edited, the pause annotation) and deleted. Deletions arrive here even though the operator puts no finalizer on
 * AsyncServices.
 */
final class AsyncServiceTracker implements ResourceEventHandler<AsyncService> {

    private final ScalerLoop loop;
    private final Function<AsyncService, String> deploymentName;

    AsyncServiceTracker(ScalerLoop loop, Function<AsyncService, String> deploymentName) {
        this.loop = loop;
        this.deploymentName = deploymentName;
    }

    @Override
    public void onAdd(AsyncService service) {
        loop.reconcile(service, deploymentName.apply(service));
    }

    @Override
    public void onUpdate(AsyncService previous, AsyncService service) {
        loop.reconcile(service, deploymentName.apply(service));
    }

    @Override
    public void onDelete(AsyncService service, boolean deletedFinalStateUnknown) {
        loop.untrack(ServiceKey.of(service));
    }
}
