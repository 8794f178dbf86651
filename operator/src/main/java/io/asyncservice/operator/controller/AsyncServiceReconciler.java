package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceStatus;
import io.asyncservice.operator.model.CanonicalJson;
import io.asyncservice.operator.model.PodSelector;
import io.asyncservice.operator.status.Conditions;
import io.asyncservice.operator.status.EventRecorder;
import io.asyncservice.operator.status.NamespaceTerminating;
import io.asyncservice.operator.status.StatusFactory;
import io.asyncservice.operator.validation.AsyncServiceValidator;
import io.asyncservice.operator.validation.ValidationProblem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one AsyncService: observe (the Deployment from its informer cache, the referenced Secrets read by name,
 * see {@link ReferencedSecrets}), validate, then either act (apply the Deployment) or stop with a Valid=False
 * condition and Warning Events. The status is patched only when it changed. There is no finalizer: the Deployment's owner reference lets Kubernetes'
 * garbage collector delete it with the AsyncService.
 *
 * <p>The reconciler is the only writer of the AsyncService's status and writes the scaler's part too: the scaler
 * publishes its latest status in memory (see {@link StatusFactory}) and asks for a reconcile through its event source,
 * which is registered here. Event processing stays generation-aware (JOSDK's default): changes that leave the
 * generation alone, such as the pause annotation or a status patch, start no reconcile. The scaler sees them anyway,
 * since its event source is told of every change JOSDK's AsyncService informer sees before JOSDK filters it.
 */
@ControllerConfiguration(name = AsyncServiceReconciler.NAME, generationAwareEventProcessing = true)
public class AsyncServiceReconciler implements Reconciler<AsyncService> {

    public static final String NAME = "asyncservice";

    private static final Logger LOG = LoggerFactory.getLogger(AsyncServiceReconciler.class);
    /** How often an AsyncService whose Deployment name is taken looks again whether it was freed. */
    static final Duration NAME_TAKEN_RECHECK = Duration.ofSeconds(15);

    private final AsyncServiceDeployment deployment;
    private final AsyncServiceValidator validator;
    private final StatusFactory statuses;
    private final EventRecorder events;
    private final EventSource<?, AsyncService> scaler;

    /**
     * @param scaler the scaler's event source: it follows the AsyncServices JOSDK sees and triggers a reconcile when
     *               the scaler's status changed
     */
    public AsyncServiceReconciler(AsyncServiceDeployment deployment, AsyncServiceValidator validator,
            StatusFactory statuses, EventRecorder events, EventSource<?, AsyncService> scaler) {
        this.deployment = deployment;
        this.validator = validator;
        this.statuses = statuses;
        this.events = events;
        this.scaler = scaler;
    }

    @Override
    public List<EventSource<?, AsyncService>> prepareEventSources(EventSourceContext<AsyncService> context) {
        // No Secret informer: ReferencedSecrets reads by name, and the maximum reconciliation interval picks up rotations.
        List<EventSource<?, AsyncService>> sources = new ArrayList<>(EventSourceUtils.dependentEventSources(context, deployment));
        sources.add(scaler);
        return sources;
    }

    @Override
    public UpdateControl<AsyncService> reconcile(AsyncService asvc, Context<AsyncService> context) {
        Map<String, Secret> secrets = ReferencedSecrets.byName(context);
        Deployment current = context.getSecondaryResource(Deployment.class).orElse(null);

        List<ValidationProblem> problems = validator.validate(asvc, secrets, PodSelector.kept(asvc, current));
        if (!problems.isEmpty()) {
            LOG.info("AsyncService {}/{} is invalid: {}", asvc.getMetadata().getNamespace(),
                    asvc.getMetadata().getName(), problems);
            problems.forEach(p -> events.warning(asvc, p.reason(), p.message()));
            UpdateControl<AsyncService> control = patchIfChanged(asvc, statuses.invalid(asvc, problems, current));
            // No event comes when the missing Secret or key appears: look again soon, not only at the next resync.
            return problems.stream().anyMatch(p -> ValidationProblem.SECRET_NOT_FOUND.equals(p.reason())
                    || ValidationProblem.SECRET_KEY_MISSING.equals(p.reason()))
                    ? control.rescheduleAfter(ReferencedSecrets.missingRecheck(context)) : control;
        }

        ReconcileResult<Deployment> result;
        try {
            result = deployment.reconcile(asvc, context);
        } catch (DeploymentNameTakenException e) {
            // Not a failure a retry fixes, and no event comes when the user frees the name: look again now and then.
            LOG.warn("AsyncService {}/{}: {}", asvc.getMetadata().getNamespace(), asvc.getMetadata().getName(),
                    e.getMessage());
            events.warning(asvc, Conditions.REASON_RECONCILE_FAILED, e.getMessage());
            return patchIfChanged(asvc, statuses.failed(asvc, List.of(), e.getMessage()))
                    .rescheduleAfter(NAME_TAKEN_RECHECK);
        }
        Deployment applied = result.getSingleResource().orElse(current);
        recordChange(asvc, result);
        return patchIfChanged(asvc, statuses.reconciled(asvc, applied));
    }

    @Override
    public ErrorStatusUpdateControl<AsyncService> updateErrorStatus(AsyncService asvc, Context<AsyncService> context,
            Exception e) {
        if (context.getPrimaryCache().get(ResourceID.fromResource(asvc)).isEmpty()) {
            LOG.debug("AsyncService {}/{} was deleted during a reconcile: {}", asvc.getMetadata().getNamespace(),
                    asvc.getMetadata().getName(), e.getMessage());
            return ErrorStatusUpdateControl.<AsyncService>noStatusUpdate().withNoRetry();
        }
        if (NamespaceTerminating.causes(e)) {
            // The namespace is being deleted, and the AsyncService with it: nothing to create there, nothing to report.
            LOG.debug("AsyncService {}/{}: its namespace is being deleted: {}", asvc.getMetadata().getNamespace(),
                    asvc.getMetadata().getName(), e.getMessage());
            return ErrorStatusUpdateControl.<AsyncService>noStatusUpdate().withNoRetry();
        }
        if (isWriteConflict(e)) {
            // Someone else (e.g. a user) wrote the object between our read and our write: retry on fresh data.
            LOG.debug("AsyncService {}/{}: write conflict, retrying: {}", asvc.getMetadata().getNamespace(),
                    asvc.getMetadata().getName(), e.getMessage());
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        String message = "reconcile failed, will retry: " + rootMessage(e);
        LOG.warn("AsyncService {}/{}: {}", asvc.getMetadata().getNamespace(), asvc.getMetadata().getName(), message);
        events.warning(asvc, Conditions.REASON_RECONCILE_FAILED, message);
        Deployment current = context.getSecondaryResource(Deployment.class).orElse(null);
        List<ValidationProblem> problems;
        try {
            problems = validator.validate(asvc, ReferencedSecrets.byName(context), PodSelector.kept(asvc, current));
        } catch (KubernetesClientException secretsUnreadable) {
            // Reading the Secrets may be what failed: report the failure without claiming they are missing.
            problems = List.of();
        }
        asvc.setStatus(statuses.failed(asvc, problems, message));
        return ErrorStatusUpdateControl.patchStatus(unlocked(asvc));
    }

    private void recordChange(AsyncService asvc, ReconcileResult<Deployment> result) {
        String name = asvc.getMetadata().getName();
        switch (result.getSingleOperation()) {
            case CREATED -> events.normal(asvc, "DeploymentCreated", "created Deployment " + name);
            case UPDATED -> events.normal(asvc, "DeploymentUpdated", "updated Deployment " + name
                    + " to match the AsyncService and its Secrets");
            default -> {
                // nothing changed
            }
        }
    }

    private static UpdateControl<AsyncService> patchIfChanged(AsyncService asvc, AsyncServiceStatus next) {
        AsyncServiceStatus previous = asvc.getStatus();
        if (previous != null && Objects.equals(CanonicalJson.write(previous), CanonicalJson.write(next))) {
            return UpdateControl.noUpdate();
        }
        asvc.setStatus(next);
        return UpdateControl.patchStatus(unlocked(asvc));
    }

    /**
     * The AsyncService without its resourceVersion, so that the status patch is not refused with 409 Conflict when
     * the cached copy is older than the stored one (e.g. the informer has not yet delivered the reconciler's own last
     * status patch). The reconciler is the status' only writer, and each status it writes is computed afresh from the
     * spec, the Deployment and the scaler's latest decision, so the last write is the right one: a lock would only
     * turn it into a retry.
     */
    private static AsyncService unlocked(AsyncService asvc) {
        asvc.getMetadata().setResourceVersion(null);
        return asvc;
    }

    /**
     * An optimistic-lock conflict, which a retry on fresh data resolves; not a 409 AlreadyExists, which persists.
     * The API server says reason Conflict; the mock API server only says it in the message.
     */
    private static boolean isWriteConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                String reason = k.getStatus() == null ? null : k.getStatus().getReason();
                String message = k.getMessage() == null ? "" : k.getMessage();
                return "Conflict".equals(reason) || message.contains("the object has been modified");
            }
        }
        return false;
    }

    /**
     * What went wrong, as a person reads it: the API server's own message when it refused a request (e.g.
     * {@code Deployment.apps "x" is invalid: spec...: ...}), not the client's dump of the whole response; else the
     * innermost exception's message.
     */
    private static String rootMessage(Throwable e) {
        Throwable t = e;
        String apiMessage = null;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null
                    && !k.getStatus().getMessage().isBlank()) {
                apiMessage = k.getStatus().getMessage();
            }
            t = c;
        }
        if (apiMessage != null) {
            return apiMessage;
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
