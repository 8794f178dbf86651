package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment controller's part, without ReplicaSets: makes a Deployment's pods match its replicas and template
 * ({@link ReplicaPlanner}), creating Pod objects owned by the Deployment and deleting surplus ones. Deleting only
 * marks a pod (its {@link LocalKubelet#FINALIZER} keeps it), so the kubelet can drain it before it goes.
 */
final class ReplicaController {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaController.class);
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final SecureRandom random = new SecureRandom();

    ReplicaController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(Deployment deployment, List<Pod> pods) {
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        String hash = PodTemplateHash.of(deployment.getSpec().getTemplate());
        List<PodView> views = pods.stream().map(ReplicaController::view).toList();
        ReplicaPlan plan = ReplicaPlanner.plan(desired, hash, strategy(deployment.getSpec().getStrategy(), desired), views);
        if (plan.isEmpty()) {
            return;
        }
        String name = deployment.getMetadata().getName();
        for (int i = 0; i < plan.create(); i++) {
            Pod pod = client.pods().inNamespace(deployment.getMetadata().getNamespace()).resource(newPod(deployment, hash))
                    .create();
            LOG.info("deployment {}: created pod {} ({} wanted)", name, pod.getMetadata().getName(), desired);
        }
        for (String pod : plan.delete()) {
            client.pods().inNamespace(deployment.getMetadata().getNamespace()).withName(pod).delete();
            LOG.info("deployment {}: deleting pod {} ({} wanted)", name, pod, desired);
        }
    }

    private Pod newPod(Deployment deployment, String hash) {
        var template = SERIALIZATION.clone(deployment.getSpec().getTemplate());
        Map<String, String> labels = new LinkedHashMap<>(
                template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                        : template.getMetadata().getLabels());
        labels.put(PodTemplateHash.LABEL, hash);
        Map<String, String> annotations = template.getMetadata() == null || template.getMetadata().getAnnotations() == null
                ? Map.of() : template.getMetadata().getAnnotations();
        PodSpec spec = template.getSpec();
        spec.setNodeName(LocalKubelet.NODE_NAME);
        return new PodBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(deployment.getMetadata().getName() + "-" + hash + "-" + suffix())
                        .withNamespace(deployment.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .withFinalizers(LocalKubelet.FINALIZER)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                                .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                                .withController(true).withBlockOwnerDeletion(true).build())
                        .build())
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    private String suffix() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    static PodView view(Pod pod) {
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        String created = pod.getMetadata().getCreationTimestamp();
        return new PodView(pod.getMetadata().getName(),
                pod.getMetadata().getLabels() == null ? "" : pod.getMetadata().getLabels().getOrDefault(PodTemplateHash.LABEL, ""),
                ready, pod.getMetadata().getDeletionTimestamp() != null,
                created == null ? Instant.EPOCH : Instant.parse(created));
    }

    /** The Deployment's strategy with maxSurge and maxUnavailable resolved against the replicas (25% each by default). */
    static ReplicaPlanner.Strategy strategy(DeploymentStrategy strategy, int desired) {
        if (strategy != null && "Recreate".equals(strategy.getType())) {
            return ReplicaPlanner.Strategy.recreating();
        }
        IntOrString surge = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getMaxSurge();
        IntOrString unavailable = strategy == null || strategy.getRollingUpdate() == null ? null
                : strategy.getRollingUpdate().getMaxUnavailable();
        return ReplicaPlanner.Strategy.rollingUpdate(resolve(surge, desired, true), resolve(unavailable, desired, false));
    }

    private static int resolve(IntOrString value, int desired, boolean roundUp) {
        if (value == null) {
            value = new IntOrString("25%");
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String text = value.getStrVal().trim();
        double percent = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
        double count = desired * percent / 100.0;
        return (int) (roundUp ? Math.ceil(count) : Math.floor(count));
    }

    static List<Pod> ownedBy(Deployment deployment, List<Pod> pods) {
        List<Pod> owned = new ArrayList<>();
        for (Pod p : pods) {
            if (p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> deployment.getMetadata().getUid().equals(o.getUid()))) {
                owned.add(p);
            }
        }
        return owned;
    }
}
