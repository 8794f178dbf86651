package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScaleEventRecorder;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.status.EventRecorder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * The scaler's Events, recorded through the operator's {@link EventRecorder} like every other Event on an
 * AsyncService: the same involved object, source and deduplication (a repeat bumps the count), as
 * {@code kubectl describe asvc} shows them.
 */
public final class ScalerEvents implements ScaleEventRecorder {

    private final EventRecorder events;

    public ScalerEvents(EventRecorder events) {
        this.events = events;
    }

    @Override
    public void normal(ScaledService service, String reason, String message) {
        events.normal(involved(service), reason, message);
    }

    @Override
    public void warning(ScaledService service, String reason, String message) {
        events.warning(involved(service), reason, message);
    }

    /** The AsyncService as an Event's involved object: kind and apiVersion from the type, name, namespace and uid. */
    private static AsyncService involved(ScaledService service) {
        AsyncService asvc = new AsyncService();
        asvc.setMetadata(new ObjectMetaBuilder().withNamespace(service.namespace()).withName(service.name())
                .withUid(service.uid()).build());
        return asvc;
    }
}
