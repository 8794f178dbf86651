package io.asyncservice.operator.model;

import io.asyncservice.api.broker.SecretUse;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.SidecarSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the sidecar container and the volumes it needs. Secret values never appear: each one is a
 * {@code secretKeyRef} variable or a file of a mounted Secret volume.
 */
public final class SidecarContainerFactory {

    /** A non-root user that exists in distroless and most minimal images; kubelet can check it is not root. */
    static final long SIDECAR_UID = 65532L;
    static final String TMP_DIR = "/tmp";

    private final SidecarDefaults defaults;

    public SidecarContainerFactory(SidecarDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * @param configJson the sidecar configuration, for {@link SidecarContract#CONFIG_ENV}
     * @param nativeSidecar whether the container runs as an init container with restartPolicy Always
     * @param drainToken for {@link SidecarContract#DRAIN_TOKEN_ENV}; the preStop hook sends the same
     * @param terminationGracePeriodSeconds the pod's, for {@link SidecarContract#TERMINATION_GRACE_PERIOD_ENV}
     */
    public Container container(AsyncService asvc, String configJson, boolean nativeSidecar, DrainToken drainToken,
            long terminationGracePeriodSeconds) {
        AsyncServiceSpec spec = asvc.getSpec();
        SidecarSpec overrides = spec.getSidecar() == null ? new SidecarSpec() : spec.getSidecar();
        int port = SidecarConfigFactory.sidecarPort(spec);
        ContainerBuilder builder = new ContainerBuilder()
                .withName(Names.SIDECAR_CONTAINER)
                .withImage(overrides.getImage() == null || overrides.getImage().isBlank()
                        ? defaults.image() : overrides.getImage())
                .addNewPort().withName(Names.SIDECAR_PORT_NAME).withContainerPort(port).withProtocol("TCP").endPort()
                .withEnv(env(asvc, configJson, drainToken, terminationGracePeriodSeconds))
                .withResources(overrides.getResources() == null
                        ? defaults.resources() : SidecarDefaults.copy(overrides.getResources()))
                .withLivenessProbe(probe(SidecarContract.LIVEZ_PATH, port, 10))
                .withReadinessProbe(probe(SidecarContract.READYZ_PATH, port, 5))
                .withSecurityContext(securityContext())
                .withVolumeMounts(volumeMounts(spec))
                .withTerminationMessagePolicy("FallbackToLogsOnError");
        if (nativeSidecar) {
            builder.withRestartPolicy("Always");
        }
        return builder.build();
    }

    /** The volumes the sidecar mounts: a writable /tmp, and each Secret its broker wants mounted (Kafka's). */
    public List<Volume> volumes(AsyncServiceSpec spec) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(Names.TMP_VOLUME)
                .withNewEmptyDir().withSizeLimit(new Quantity("64Mi")).endEmptyDir().build());
        for (SecretReference ref : mountedSecrets(spec)) {
            volumes.add(new VolumeBuilder().withName(Names.secretVolume(ref.kind(), ref.role()))
                    .withNewSecret().withSecretName(ref.secretName()).endSecret().build());
        }
        return volumes;
    }

    private List<VolumeMount> volumeMounts(AsyncServiceSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(Names.TMP_VOLUME).withMountPath(TMP_DIR).build());
        for (SecretReference ref : mountedSecrets(spec)) {
            mounts.add(new VolumeMountBuilder().withName(Names.secretVolume(ref.kind(), ref.role()))
                    .withMountPath(ref.use().mountPath()).withReadOnly(true).build());
        }
        return mounts;
    }

    private static List<SecretReference> mountedSecrets(AsyncServiceSpec spec) {
        return SecretReference.of(spec).stream().filter(r -> r.use().isMounted()).toList();
    }

    private static List<EnvVar> env(AsyncService asvc, String configJson, DrainToken drainToken, long graceSeconds) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName(SidecarContract.CONFIG_ENV).withValue(configJson).build());
        env.add(new EnvVarBuilder().withName(SidecarContract.DRAIN_TOKEN_ENV).withValue(drainToken.value()).build());
        env.add(new EnvVarBuilder().withName(SidecarContract.TERMINATION_GRACE_PERIOD_ENV)
                .withValue(graceSeconds + "s").build());
        for (SecretReference ref : SecretReference.of(asvc.getSpec())) {
            // A mounted Secret has no variables: see volumes().
            for (SecretUse.SecretEnv key : ref.use().env()) {
                env.add(secretEnv(ref, SidecarContract.secretEnv(ref.role(), key.contractKey()), key.secretKey(),
                        !key.required()));
            }
        }
        return env;
    }

    private static EnvVar secretEnv(SecretReference ref, String name, String key, boolean optional) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef(key, ref.secretName(), optional ? Boolean.TRUE : null).endValueFrom()
                .build();
    }

    private static Probe probe(String path, int port, int periodSeconds) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(port)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(3)
                .build();
    }

    private static SecurityContext securityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(SIDECAR_UID)
                .withRunAsGroup(SIDECAR_UID)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }
}
