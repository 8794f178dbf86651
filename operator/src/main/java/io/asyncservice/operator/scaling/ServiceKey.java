package io.asyncservice.operator.scaling;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** An AsyncService's namespace and name. */
public record ServiceKey(String namespace, String name) {

    public ServiceKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    public static ServiceKey of(HasMetadata resource) {
        return new ServiceKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
