package io.asyncservice.operator.scaling.kubernetes;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.operator.scaling.ScaleStatus;
import io.asyncservice.operator.scaling.ScaleStatusWriter;
import io.asyncservice.operator.scaling.ScaledService;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the scaler's status fields on the /status subresource: reads the AsyncService, changes backlog,
 * desiredReplicas, lastScaleTime and the BacklogAvailable condition, and sends the difference as a JSON patch, so
 * the operator's own fields and conditions are left as they are.
 */
public final class AsyncServiceScaleStatusWriter implements ScaleStatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncServiceScaleStatusWriter.class);
    private static final int MAX_MESSAGE_LENGTH = 1024;

    private final KubernetesClient client;
    private final Clock clock;

    public AsyncServiceScaleStatusWriter(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public void write(ScaledService service, ScaleStatus status) {
        var resource = client.resources(AsyncService.class).inNamespace(service.namespace()).withName(service.name());
        try {
            if (resource.get() == null) {
                return;
            }
            resource.editStatus(current -> {
                AsyncServiceStatus s = current.getStatus() == null ? new AsyncServiceStatus() : current.getStatus();
                if (status.backlog() != null) {
                    s.setBacklog(status.backlog());
                }
                s.setDesiredReplicas(status.desiredReplicas());
                if (status.lastScaleTime() != null) {
                    s.setLastScaleTime(status.lastScaleTime().truncatedTo(ChronoUnit.SECONDS).toString());
                }
                s.setConditions(withCondition(s.getConditions(), status, current.getMetadata().getGeneration()));
                current.setStatus(s);
                return current;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                LOG.debug("{}/{} is gone; no status to write", service.namespace(), service.name());
                return;
            }
            throw e;
        }
    }

    private List<Condition> withCondition(List<Condition> conditions, ScaleStatus status, Long generation) {
        List<Condition> next = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
        String statusText = status.backlogAvailable() ? "True" : "False";
        Condition existing = next.stream().filter(c -> ScaleStatus.CONDITION_TYPE.equals(c.getType())).findFirst().orElse(null);
        String transition = existing != null && statusText.equals(existing.getStatus()) && existing.getLastTransitionTime() != null
                ? existing.getLastTransitionTime()
                : clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        Condition condition = new ConditionBuilder()
                .withType(ScaleStatus.CONDITION_TYPE)
                .withStatus(statusText)
                .withReason(status.reason())
                .withMessage(truncate(status.message()))
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
        if (existing == null) {
            next.add(condition);
        } else {
            next.set(next.indexOf(existing), condition);
        }
        return next;
    }

    private static String truncate(String message) {
        return message == null || message.length() <= MAX_MESSAGE_LENGTH ? message : message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
