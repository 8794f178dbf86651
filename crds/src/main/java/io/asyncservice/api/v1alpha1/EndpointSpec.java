package io.asyncservice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class EndpointSpec {

    @JsonPropertyDescription("The container that serves the endpoint. Defaults to the first container of the template.")
    private String container;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("The port the app listens on; the sidecar calls http://127.0.0.1:<port><path>.")
    private Integer port;

    @Default("/")
    @Pattern("^/.*")
    @JsonPropertyDescription("The path the sidecar POSTs each message to.")
    private String path = "/";

    @Default("5m")
    @Pattern(Durations.PATTERN)
    @JsonPropertyDescription("How long one request may take, as a duration such as 30s, 5m or 1h30m.")
    private String timeout = "5m";

    @Pattern("^/.*")
    @JsonPropertyDescription("A GET path that answers 2xx when the app is ready. Without it the sidecar waits for the port to accept connections.")
    private String readinessPath;

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public Integer getPort() {
        return port;
    }

    public void setPort(Integer port) {
        this.port = port;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getReadinessPath() {
        return readinessPath;
    }

    public void setReadinessPath(String readinessPath) {
        this.readinessPath = readinessPath;
    }
}
