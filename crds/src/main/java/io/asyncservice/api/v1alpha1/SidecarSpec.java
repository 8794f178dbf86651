package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SidecarSpec {

    public static final int DEFAULT_PORT = 7979;

    @JsonPropertyDescription("The sidecar image. Defaults to the operator's configured image.")
    private String image;

    @JsonPropertyDescription("The sidecar's resources. Defaults to the operator's configured requests and limits.")
    private ResourceRequirements resources;

    @Default("7979")
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("The sidecar's own port for /livez, /readyz, /metrics and /drain. It must differ from the app's ports.")
    private Integer port = DEFAULT_PORT;

    @Default("false")
    @JsonPropertyDescription("Run the sidecar as a Kubernetes native sidecar (an init container with restartPolicy Always, "
            + "Kubernetes 1.29 and later), so it starts before the app and stops after it.")
    private Boolean nativeSidecar = false;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public Boolean getNativeSidecar() {
        return nativeSidecar;
    }

    public void setNativeSidecar(Boolean nativeSidecar) {
        this.nativeSidecar = nativeSidecar;
    }
}
