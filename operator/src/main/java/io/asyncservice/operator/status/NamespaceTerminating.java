package io.asyncservice.operator.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * The API server's refusal to create anything (an Event, a Deployment) in a namespace that is being deleted: 403 with
 * the cause NamespaceTerminating. It is expected while a namespace is emptied, since the namespace controller deletes
 * the AsyncServices, their Secrets and Deployments in no particular order; nothing needs retrying or reporting.
 */
public final class NamespaceTerminating {

    private static final String REASON = "NamespaceTerminating";

    private NamespaceTerminating() {
    }

    /** Whether {@code e}, or one of its causes, is that refusal. */
    public static boolean causes(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KubernetesClientException k && k.getCode() == HttpURLConnection.HTTP_FORBIDDEN
                    && k.getStatus() != null && k.getStatus().getDetails() != null
                    && k.getStatus().getDetails().getCauses() != null) {
                return k.getStatus().getDetails().getCauses().stream().anyMatch(c -> REASON.equals(c.getReason()));
            }
        }
        return false;
    }
}
