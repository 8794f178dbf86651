package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Deployment of one AsyncService: the user's pod template with the sidecar injected. Pure: it never calls the
 * API, so it is tested against golden YAML files.
 *
 * <p>Pod template labels and annotations are kept as written; the operator adds its selector labels
 * ({@link PodSelector}), the {@code app.kubernetes.io/*} labels the user did not set ({@link Names#defaultPodLabels}),
 * Prometheus scrape annotations for the sidecar (unless the user set their own, which are kept), and
 * {@link Names#CONFIG_HASH_ANNOTATION}.
 *
 * <p>The {@link DrainToken} is an input, not made here, so the same inputs always give the same Deployment: the
 * reconciler passes the existing Deployment's token ({@link DrainToken#kept}).
 */
public final class DeploymentRenderer {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final AsyncService asvc;
    private final SidecarContainerFactory sidecars;
    private final Map<String, Secret> secrets;
    private final Integer currentReplicas;
    private final PodSelector selector;
    private final DrainToken drainToken;

    private DeploymentRenderer(AsyncService asvc, SidecarDefaults defaults, Map<String, Secret> secrets,
            Integer currentReplicas, PodSelector selector, DrainToken drainToken) {
        this.asvc = asvc;
        this.sidecars = new SidecarContainerFactory(defaults);
        this.secrets = Map.copyOf(secrets);
        this.currentReplicas = currentReplicas;
        this.selector = selector;
        this.drainToken = java.util.Objects.requireNonNull(drainToken, "drainToken");
    }

    /**
     * @param asvc            a valid AsyncService; it is not changed
     * @param defaults        the operator's sidecar image and resources
     * @param secrets         the referenced Secrets, by name, for the config hash only: no value is copied
     * @param currentReplicas the replicas of the existing Deployment, or null when there is none
     * @param drainToken      what the preStop hook sends to the sidecar's /drain: the existing Deployment's
     *                        ({@link DrainToken#kept})
     */
    public static DeploymentRenderer fromCrd(AsyncService asvc, SidecarDefaults defaults, Map<String, Secret> secrets,
            Integer currentReplicas, DrainToken drainToken) {
        return fromCrd(asvc, defaults, secrets, currentReplicas, PodSelector.of(asvc), drainToken);
    }

    /**
     * @param selector the selector of the existing Deployment ({@link PodSelector#kept}), which cannot change, or
     *                 of a new one
     */
    public static DeploymentRenderer fromCrd(AsyncService asvc, SidecarDefaults defaults, Map<String, Secret> secrets,
            Integer currentReplicas, PodSelector selector, DrainToken drainToken) {
        return new DeploymentRenderer(asvc, defaults, secrets, currentReplicas, selector, drainToken);
    }

    public Deployment generateDeployment() {
        AsyncServiceSpec spec = asvc.getSpec();
        String configJson = SidecarConfigFactory.json(asvc);
        PodTemplateSpec template = podTemplate(spec, configJson);
        DeploymentSpec deploymentSpec = new DeploymentSpecBuilder()
                .withNewSelector().withMatchLabels(selector.asMap()).endSelector()
                .withTemplate(template)
                .build();
        String specHash = CanonicalJson.sha256(deploymentSpec);
        deploymentSpec.setReplicas(ReplicaPolicy.replicas(asvc, currentReplicas));
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withName(Names.deploymentName(asvc))
                .withNamespace(asvc.getMetadata().getNamespace())
                .withLabels(deploymentLabels())
                .withAnnotations(new LinkedHashMap<>(Map.of(Names.SPEC_HASH_ANNOTATION, specHash)));
        if (asvc.getMetadata().getUid() != null) {
            meta.withOwnerReferences(controllerReference());
        }
        return new DeploymentBuilder().withMetadata(meta.build()).withSpec(deploymentSpec).build();
    }

    /** The operator's labels, and the selector's, so that a Deployment an older operator made keeps its labels too. */
    private Map<String, String> deploymentLabels() {
        Map<String, String> labels = Names.deploymentLabels(asvc);
        labels.putAll(selector.asMap());
        return labels;
    }

    /**
     * The AsyncService as the Deployment's controller, so Kubernetes' garbage collector deletes the Deployment with
     * it and {@code kubectl describe} shows who controls it. JOSDK would add a plain owner reference; it keeps this
     * one, which has the same uid. blockOwnerDeletion stays unset: it would need extra RBAC on
     * {@code asyncservices/finalizers} where the OwnerReferencesPermissionEnforcement admission plugin is on.
     */
    private OwnerReference controllerReference() {
        return new OwnerReferenceBuilder()
                .withApiVersion(asvc.getApiVersion())
                .withKind(asvc.getKind())
                .withName(asvc.getMetadata().getName())
                .withUid(asvc.getMetadata().getUid())
                .withController(true)
                .build();
    }

    private PodTemplateSpec podTemplate(AsyncServiceSpec spec, String configJson) {
        PodTemplateSpec template = SERIALIZATION.clone(spec.getTemplate());
        boolean nativeSidecar = spec.getSidecar() != null && Boolean.TRUE.equals(spec.getSidecar().getNativeSidecar());
        PodSpec userPodSpec = template.getSpec() == null ? new PodSpec() : template.getSpec();
        long grace = SidecarInjector.terminationGracePeriodSeconds(userPodSpec, spec.getEndpoint());
        Container sidecar = sidecars.container(asvc, configJson, nativeSidecar, drainToken, grace);
        PodSpec podSpec = SidecarInjector.inject(userPodSpec, spec, sidecar, sidecars.volumes(spec), drainToken);
        template.setSpec(podSpec);
        template.setMetadata(podMetadata(template.getMetadata(), spec, configJson));
        return template;
    }

    private ObjectMeta podMetadata(ObjectMeta userMeta, AsyncServiceSpec spec, String configJson) {
        ObjectMeta meta = userMeta == null ? new ObjectMeta() : userMeta;
        Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
        Names.defaultPodLabels(asvc).forEach(labels::putIfAbsent);
        // The validator refused any user label that contradicts the selector; this only adds what is missing.
        labels.putAll(selector.asMap());
        Map<String, String> annotations = new LinkedHashMap<>(
                meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
        if (!annotations.containsKey(Names.PROMETHEUS_SCRAPE) && !annotations.containsKey(Names.PROMETHEUS_PORT)) {
            annotations.put(Names.PROMETHEUS_SCRAPE, "true");
            annotations.put(Names.PROMETHEUS_PORT, Integer.toString(SidecarConfigFactory.sidecarPort(spec)));
            annotations.put(Names.PROMETHEUS_PATH, SidecarContract.METRICS_PATH);
        }
        annotations.put(Names.CONFIG_HASH_ANNOTATION, ConfigHash.of(configJson, secrets));
        meta.setLabels(labels);
        meta.setAnnotations(annotations);
        return meta;
    }
}
