package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the AsyncService's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {

    @Required
    @JsonPropertyDescription("The Secret's name.")
    private String name;

    @Default("uri")
    @JsonPropertyDescription("The key within the Secret.")
    private String key = "uri";

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
