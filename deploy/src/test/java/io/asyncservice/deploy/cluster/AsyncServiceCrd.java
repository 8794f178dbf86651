package io.asyncservice.deploy.cluster;

import static org.awaitility.Awaitility.await;

import io.asyncservice.deploy.Chart;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The AsyncService CRD, as the chart ships it in {@code crds/}. It is cluster-scoped, so the ITs on one control plane
 * share it: {@link #ensureInstalled} puts the chart's copy in if no test has yet (helm install does the same, and
 * leaves it in place on uninstall).
 */
final class AsyncServiceCrd {

    static final String NAME = "asyncservices.asyncservice.io";
    static final Path FILE = Chart.DIR.resolve("crds/asyncservices.asyncservice.io-v1.yml");
    /** Established takes the API server well under a second; the bound is for a loaded machine. */
    static final Duration ESTABLISHED = Duration.ofSeconds(30);

    private AsyncServiceCrd() {
    }

    /** The CRD in the cluster, or null. */
    static CustomResourceDefinition get(KubernetesClient admin) {
        return admin.apiextensions().v1().customResourceDefinitions().withName(NAME).get();
    }

    /** Whether the API server serves the CRD's resources: its Established condition is True. */
    static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Creates the chart's CRD unless it exists, and waits until it is Established. */
    static synchronized void ensureInstalled(KubernetesClient admin) {
        if (get(admin) == null) {
            admin.apiextensions().v1().customResourceDefinitions().resource(fromChart()).create();
        }
        awaitEstablished(admin);
    }

    static void awaitEstablished(KubernetesClient admin) {
        await("CRD " + NAME + " Established").atMost(ESTABLISHED).pollInterval(Duration.ofMillis(100))
                .until(() -> isEstablished(get(admin)));
    }

    /** Deletes the CRD (and with it every AsyncService) and waits until it is gone. */
    static void delete(KubernetesClient admin) {
        admin.apiextensions().v1().customResourceDefinitions().withName(NAME).delete();
        await("CRD " + NAME + " deleted").atMost(ESTABLISHED).pollInterval(Duration.ofMillis(100))
                .until(() -> get(admin) == null);
    }

    static CustomResourceDefinition fromChart() {
        try (InputStream in = Files.newInputStream(FILE)) {
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
