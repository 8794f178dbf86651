package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScaleStatusBoard;
import io.asyncservice.operator.scaling.ScalerLoop;
import io.asyncservice.operator.scaling.ServiceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import java.util.function.Function;

/**
 * The scaler's link to the AsyncService controller, registered as one of its event sources. Both ways go through
 * JOSDK, so the scaler needs no informer of its own:
 *
 * <ul>
 *   <li><b>In:</b> JOSDK tells every event source that is {@link ResourceEventAware} of each add, update and delete
 *       its primary informer sees, before it filters them. The scaler so learns of every change, including those
 *       the controller does not reconcile because they leave the generation alone (the pause annotation), and of
 *       deletions, which reach no reconcile since the operator puts no finalizer on AsyncServices.</li>
 *   <li><b>Out:</b> when the scaler publishes a changed status on the {@link ScaleStatusBoard}, this source asks JOSDK
 *       to reconcile that AsyncService, and the reconciler writes it.</li>
 * </ul>
 */
public final class ScalerEventSource extends SimpleInboundEventSource<AsyncService>
        implements ResourceEventAware<AsyncService> {

    public static final String NAME = "scaler";

    private final ScalerLoop loop;
    private final Function<AsyncService, String> deploymentName;

    ScalerEventSource(ScalerLoop loop, ScaleStatusBoard statuses, Function<AsyncService, String> deploymentName) {
        super(NAME);
        this.loop = loop;
        this.deploymentName = deploymentName;
        statuses.onChange(this::reconcile);
    }

    @Override
    public void onResourceCreated(AsyncService service) {
        loop.reconcile(service, deploymentName.apply(service));
    }

    @Override
    public void onResourceUpdated(AsyncService service, AsyncService previous) {
        loop.reconcile(service, deploymentName.apply(service));
    }

    @Override
    public void onResourceDeleted(AsyncService service) {
        loop.untrack(ServiceKey.of(service));
    }

    private void reconcile(ServiceKey key) {
        propagateEvent(new ResourceID(key.name(), key.namespace()));
    }
}
