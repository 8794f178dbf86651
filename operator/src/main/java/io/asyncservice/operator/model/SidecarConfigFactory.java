package io.asyncservice.operator.model;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.SidecarSpec;

/**
 * Builds what the sidecar is told in {@code ASVC_CONFIG}. It holds Secret names, never Secret values, and it is
 * written as canonical JSON so that the same spec always gives the same text.
 */
public final class SidecarConfigFactory {

    private SidecarConfigFactory() {
    }

    public static SidecarConfig create(AsyncService asvc) {
        AsyncServiceSpec spec = asvc.getSpec();
        SidecarConfig config = new SidecarConfig();
        config.setNamespace(asvc.getMetadata().getNamespace());
        config.setName(asvc.getMetadata().getName());
        config.setPort(sidecarPort(spec));
        config.setEndpoint(spec.getEndpoint());
        config.setInput(spec.getInput());
        config.setOutput(spec.getOutput());
        config.setDeadLetter(spec.getDeadLetter());
        config.setDelivery(spec.getDelivery() == null ? new DeliverySpec() : spec.getDelivery());
        return config;
    }

    public static String json(AsyncService asvc) {
        return CanonicalJson.write(create(asvc));
    }

    /** The sidecar's own port: the spec's, else the default. */
    public static int sidecarPort(AsyncServiceSpec spec) {
        SidecarSpec sidecar = spec.getSidecar();
        return sidecar == null || sidecar.getPort() == null ? SidecarSpec.DEFAULT_PORT : sidecar.getPort();
    }
}
