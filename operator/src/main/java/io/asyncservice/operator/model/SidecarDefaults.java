package io.asyncservice.operator.model;

import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.Objects;

/**
 * What the sidecar gets when an AsyncService does not say otherwise: the operator's configured image and resources.
 *
 * @param image     the sidecar image
 * @param resources the sidecar's requests and limits; handed out as copies, so renders never share it
 */
public record SidecarDefaults(String image, ResourceRequirements resources) {

    public SidecarDefaults {
        Objects.requireNonNull(image, "image");
        resources = copy(Objects.requireNonNull(resources, "resources"));
    }

    @Override
    public ResourceRequirements resources() {
        return copy(resources);
    }

    static ResourceRequirements copy(ResourceRequirements r) {
        return new ResourceRequirementsBuilder(r).build();
    }
}
