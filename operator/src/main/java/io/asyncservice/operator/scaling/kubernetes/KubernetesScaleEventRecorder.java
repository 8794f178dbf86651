package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.scaling.ScaleEventRecorder;
import io.asyncservice.operator.scaling.ScaledService;
import io.asyncservice.operator.status.NamespaceTerminating;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the scaler's Events (core/v1) on the AsyncService, as {@code kubectl describe asvc} shows them. Writing an
 * Event never fails the poll: one that cannot be written is logged and dropped.
 */
public final class KubernetesScaleEventRecorder implements ScaleEventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesScaleEventRecorder.class);
    private static final String COMPONENT = "async-service-operator";

    private final KubernetesClient client;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();

    public KubernetesScaleEventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void normal(ScaledService service, String reason, String message) {
        record(service, "Normal", reason, message);
    }

    @Override
    public void warning(ScaledService service, String reason, String message) {
        record(service, "Warning", reason, message);
    }

    private void record(ScaledService service, String type, String reason, String message) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String name = service.name() + "." + Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet());
        try {
            client.v1().events().inNamespace(service.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(service.namespace()).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder()
                            .withApiVersion(HasMetadata.getApiVersion(AsyncService.class))
                            .withKind(HasMetadata.getKind(AsyncService.class))
                            .withName(service.name())
                            .withNamespace(service.namespace())
                            .withUid(service.uid())
                            .build())
                    .withType(type)
                    .withReason(reason)
                    .withMessage(message)
                    .withCount(1)
                    .withFirstTimestamp(now)
                    .withLastTimestamp(now)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent(COMPONENT)
                    .build()).create();
        } catch (KubernetesClientException e) {
            if (NamespaceTerminating.causes(e)) {
                LOG.debug("No {} event {} on {}: the namespace is being deleted", type, reason, service.key());
                return;
            }
            LOG.warn("Could not record {} event {} on {}: {}", type, reason, service.key(), e.getMessage());
        }
    }
}
