package io.asyncservice.operator.controller;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.model.SecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Secrets an AsyncService refers to, read by name with one {@code get} each when it is reconciled, and kept only
 * for that reconcile: the validator checks their keys and the config hash covers their data, so that a rotation
 * rolls the pods.
 *
 * <p>There is deliberately no Secret informer. An informer lists and watches every Secret of every watched namespace
 * (list and watch cannot be narrowed to names), Helm release Secrets and service account tokens included: all of them
 * would sit in the operator's memory, exposed if the operator were compromised and costly on a large cluster, and the
 * RBAC would need list and watch on Secrets. A label selector would narrow the cache, but would make users label
 * every Secret they reference, and a Secret they forget to label would look missing. Reading by name needs only
 * {@code get}, holds nothing between reconciles, and works with any Secret.
 *
 * <p>The price is that a change to a Secret sends no event. Every AsyncService is therefore reconciled again at least
 * every {@link io.asyncservice.operator.config.OperatorConfig#DEFAULT_SECRET_RECHECK} (JOSDK's maximum reconciliation
 * interval, set from {@code OperatorConfig.secretRecheck()}), which bounds the time from a rotation to the Deployment's new pod template; an AsyncService that waits for a missing
 * Secret or key looks again after {@link #MISSING_RECHECK}.
 */
final class ReferencedSecrets {

    /** How often an AsyncService that refers to a missing Secret, or a missing key, looks again. */
    static final Duration MISSING_RECHECK = Duration.ofSeconds(15);

    /** The key under which one reconcile keeps what it read, so that the Deployment's render reads nothing again. */
    private static final String READ = ReferencedSecrets.class.getName();

    private ReferencedSecrets() {
    }

    /**
     * The referenced Secrets that exist, by name, from the AsyncService's namespace: read with a {@code get} each on
     * the first call of a reconcile, then the same map for the rest of it.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when a read fails other than with 404
     */
    @SuppressWarnings("unchecked")
    static Map<String, Secret> byName(Context<AsyncService> context) {
        var kept = context.managedWorkflowAndDependentResourceContext();
        Map<String, Secret> read = kept.get(READ, Map.class).orElse(null);
        if (read == null) {
            read = read(context);
            kept.put(READ, read);
        }
        return read;
    }

    /** When an AsyncService that waits for a missing Secret or key looks again: soon, and never later than a resync. */
    static Duration missingRecheck(Context<AsyncService> context) {
        return context.getControllerConfiguration().maxReconciliationInterval()
                .filter(max -> max.compareTo(MISSING_RECHECK) < 0).orElse(MISSING_RECHECK);
    }

    private static Map<String, Secret> read(Context<AsyncService> context) {
        AsyncService asvc = context.getPrimaryResource();
        Map<String, Secret> secrets = new LinkedHashMap<>();
        if (asvc.getSpec() == null) {
            return secrets;
        }
        String namespace = asvc.getMetadata().getNamespace();
        for (String name : SecretReference.secretNames(asvc.getSpec())) {
            Secret secret = context.getClient().secrets().inNamespace(namespace).withName(name).get();
            if (secret != null) {
                secrets.put(name, secret);
            }
        }
        return secrets;
    }
}
