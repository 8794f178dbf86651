package io.asyncservice.sidecar.config;

import io.asyncservice.api.v1alpha1.BrokerSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The sidecar's configuration, validated and with every default applied. Read once at start; immutable.
 *
 * @param name the AsyncService's name, for logs (may be null in standalone runs)
 * @param namespace its namespace (may be null)
 * @param port the sidecar's own port for /livez, /readyz, /metrics and /drain
 * @param endpoint the app
 * @param input the queue the work comes from
 * @param output where responses go, if anywhere
 * @param deadLetter where failed messages go, if anywhere
 * @param delivery delivery rules, parsed
 * @param deliverySpec the same delivery rules as the API type, with defaults filled in, for the broker adapters
 * @param drainTimeout how long a SIGTERM waits for in-flight work before releasing what is left
 * @param receiveWait the longest a single receive call waits for messages (long polling)
 * @param drainToken what /drain must be sent in its token header, or null when the Deployment predates the token
 *                   (then /drain is open, as before)
 * @param drainResumeAfter how long after a /drain, with no termination, fetching starts again: the pod's grace period
 *                         plus a margin
 */
public record SidecarSettings(String name, String namespace, int port, EndpointSettings endpoint, BrokerSpec input,
        Optional<BrokerSpec> output, Optional<BrokerSpec> deadLetter, DeliverySettings delivery, DeliverySpec deliverySpec,
        Duration drainTimeout, Duration receiveWait, String drainToken, Duration drainResumeAfter) {

    @Override
    public String toString() {
        return "SidecarSettings[name=" + name + ", namespace=" + namespace + ", port=" + port + ", drainToken="
                + (drainToken == null ? "none" : "(set)") + ", drainResumeAfter=" + drainResumeAfter + "]";
    }
}
