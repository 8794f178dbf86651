package io.asyncservice.operator.validation;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.api.v1alpha1.AsyncServiceSpec;
import io.asyncservice.api.v1alpha1.AutoscalingSpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.PodSelector;
import io.asyncservice.operator.model.SidecarConfigFactory;
import io.asyncservice.operator.model.SidecarInjector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks what the CRD schema cannot: that the endpoint, ports and names fit the pod template, that the referenced
 * Secrets exist with the keys the sidecar needs, that an AMQP input's consumerTimeout covers the longest delivery, and the
 * cross-field rules the schema also enforces (the operator repeats them, because it cannot know which CRD version is
 * installed). Pure: the Secrets are passed in.
 */
public final class AsyncServiceValidator {

    private final BrokerChecks brokers = new BrokerChecks();

    /**
     * Validates an AsyncService whose Deployment does not exist yet, or has the operator's current selector.
     *
     * @param secrets the referenced Secrets that exist, by name, from the AsyncService's namespace
     * @return the problems, empty when the AsyncService can be rendered
     */
    public List<ValidationProblem> validate(AsyncService asvc, Map<String, Secret> secrets) {
        return validate(asvc, secrets, PodSelector.of(asvc));
    }

    /**
     * @param secrets  the referenced Secrets that exist, by name, from the AsyncService's namespace
     * @param selector the selector the Deployment has ({@link PodSelector#kept}): the pods must carry its labels
     * @return the problems, empty when the AsyncService can be rendered
     */
    public List<ValidationProblem> validate(AsyncService asvc, Map<String, Secret> secrets, PodSelector selector) {
        List<ValidationProblem> problems = new ArrayList<>();
        AsyncServiceSpec spec = asvc.getSpec();
        if (spec == null) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_TEMPLATE, "spec is missing"));
            return problems;
        }
        checkName(asvc, problems);
        checkTemplate(asvc, selector, problems);
        brokers.check(asvc, secrets, problems);
        AmqpConsumerTimeoutCheck.check(spec, problems);
        checkScaling(spec, problems);
        return problems;
    }

    private static void checkName(AsyncService asvc, List<ValidationProblem> problems) {
        String name = asvc.getMetadata().getName();
        if (name.length() > Names.MAX_LABEL_VALUE_LENGTH) {
            problems.add(new ValidationProblem(ValidationProblem.NAME_TOO_LONG, "the name '" + name + "' has "
                    + name.length() + " characters, but it is used as a label value, which allows at most "
                    + Names.MAX_LABEL_VALUE_LENGTH));
        }
    }

    private static void checkTemplate(AsyncService asvc, PodSelector selector, List<ValidationProblem> problems) {
        AsyncServiceSpec spec = asvc.getSpec();
        PodSpec pod = spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
        if (pod == null || pod.getContainers() == null || pod.getContainers().isEmpty()) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_TEMPLATE,
                    "spec.template.spec.containers is empty: the pod template needs the container that serves the endpoint"));
            return;
        }
        checkEndpoint(pod, spec.getEndpoint(), problems);
        checkSidecarPort(pod, spec, problems);
        checkReservedNames(pod, problems);
        checkSelectorLabels(asvc, selector, problems);
    }

    private static void checkEndpoint(PodSpec pod, EndpointSpec endpoint, List<ValidationProblem> problems) {
        if (endpoint == null || endpoint.getPort() == null) {
            problems.add(new ValidationProblem(ValidationProblem.ENDPOINT_PORT_NOT_DECLARED,
                    "spec.endpoint.port is missing: the sidecar needs the port the app listens on"));
            return;
        }
        Optional<Container> container = SidecarInjector.endpointContainer(pod, endpoint);
        if (container.isEmpty()) {
            problems.add(new ValidationProblem(ValidationProblem.ENDPOINT_CONTAINER_NOT_FOUND,
                    "spec.endpoint.container '" + endpoint.getContainer() + "' is not a container of spec.template; "
                            + "the containers are: " + names(pod.getContainers())));
            return;
        }
        // Declaring ports is informational in Kubernetes, so a container without ports may listen anywhere.
        // A container that declares ports but not this one most likely has a typo on one side.
        List<ContainerPort> ports = ports(container.get());
        if (!ports.isEmpty() && ports.stream().noneMatch(p -> endpoint.getPort().equals(p.getContainerPort()))) {
            problems.add(new ValidationProblem(ValidationProblem.ENDPOINT_PORT_NOT_DECLARED,
                    "spec.endpoint.port " + endpoint.getPort() + " is not among the ports of container '"
                            + container.get().getName() + "' (" + portNumbers(ports)
                            + "); fix spec.endpoint.port or declare the port on the container"));
        }
    }

    private static void checkSidecarPort(PodSpec pod, AsyncServiceSpec spec, List<ValidationProblem> problems) {
        int sidecarPort = SidecarConfigFactory.sidecarPort(spec);
        String fix = "; set spec.sidecar.port to a port no container uses";
        allContainers(pod)
                .filter(c -> ports(c).stream().anyMatch(p -> Integer.valueOf(sidecarPort).equals(p.getContainerPort())))
                .forEach(c -> problems.add(new ValidationProblem(ValidationProblem.SIDECAR_PORT_CONFLICT,
                        "the sidecar's port " + sidecarPort + " is also a port of container '" + c.getName() + "'" + fix)));
        if (spec.getEndpoint() != null && Integer.valueOf(sidecarPort).equals(spec.getEndpoint().getPort())) {
            problems.add(new ValidationProblem(ValidationProblem.SIDECAR_PORT_CONFLICT,
                    "the sidecar's port " + sidecarPort + " is also spec.endpoint.port" + fix));
        }
    }

    private static void checkReservedNames(PodSpec pod, List<ValidationProblem> problems) {
        allContainers(pod).filter(c -> Names.SIDECAR_CONTAINER.equals(c.getName())).findFirst()
                .ifPresent(c -> problems.add(new ValidationProblem(ValidationProblem.RESERVED_NAME,
                        "the container name '" + Names.SIDECAR_CONTAINER + "' is reserved for the injected sidecar; rename the container")));
        Stream.ofNullable(pod.getVolumes()).flatMap(List::stream).map(Volume::getName).filter(Names::isOperatorVolume)
                .forEach(v -> problems.add(new ValidationProblem(ValidationProblem.RESERVED_NAME,
                        "the volume name '" + v + "' is reserved for the sidecar's volumes; rename the volume")));
    }

    /**
     * The pods must carry the selector's labels. With the operator's own selector only a template that sets
     * {@link Names#LABEL_ASYNC_SERVICE} to another value conflicts; with the selector of a Deployment an older
     * operator created, so does a different {@code app.kubernetes.io/name} or {@code instance}, and since a selector
     * cannot change the message says how to get the new one.
     */
    private static void checkSelectorLabels(AsyncService asvc, PodSelector selector, List<ValidationProblem> problems) {
        var meta = asvc.getSpec().getTemplate().getMetadata();
        Map<String, String> userLabels = meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
        String name = asvc.getMetadata().getName();
        selector.asMap().forEach((key, value) -> {
            String userValue = userLabels.get(key);
            if (userValue == null || userValue.equals(value)) {
                return;
            }
            String conflict = "spec.template.metadata.labels sets " + key + "=" + userValue + ", but ";
            problems.add(new ValidationProblem(ValidationProblem.SELECTOR_LABEL_CONFLICT, selector.isLegacy(asvc)
                    ? conflict + "Deployment " + name + " was created by an earlier version of the operator and selects"
                            + " its pods with " + selector.asString() + ", and a Deployment's selector cannot change."
                            + " Either remove the label or set it to '" + value + "', or delete the Deployment (kubectl"
                            + " delete deployment " + name + "): the operator then creates it again, selecting its pods"
                            + " with " + PodSelector.of(asvc).asString() + " and keeping the label as written"
                    : conflict + "the operator selects this AsyncService's pods with " + key + "=" + value
                            + ", a label it owns; remove the label"));
        });
    }

    private static void checkScaling(AsyncServiceSpec spec, List<ValidationProblem> problems) {
        AutoscalingSpec autoscaling = spec.getAutoscaling();
        if (autoscaling == null) {
            return;
        }
        if (spec.getReplicas() != null) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SCALING,
                    "set either spec.replicas or spec.autoscaling, not both: with autoscaling the scaler owns the replica count"));
        }
        int min = autoscaling.getMinReplicas() == null ? 0 : autoscaling.getMinReplicas();
        int max = autoscaling.getMaxReplicas() == null ? AutoscalingSpec.DEFAULT_MAX_REPLICAS : autoscaling.getMaxReplicas();
        if (min > max) {
            problems.add(new ValidationProblem(ValidationProblem.INVALID_SCALING,
                    "spec.autoscaling.minReplicas (" + min + ") is greater than maxReplicas (" + max + ")"));
        }
        DurationChecks.check("spec.autoscaling.pollingInterval", autoscaling.getPollingInterval(), problems);
        DurationChecks.check("spec.autoscaling.cooldownPeriod", autoscaling.getCooldownPeriod(), problems);
        DurationChecks.check("spec.autoscaling.scaleDownStabilization", autoscaling.getScaleDownStabilization(), problems);
        DrainTimeCheck.check(autoscaling, problems);
    }

    private static Stream<Container> allContainers(PodSpec pod) {
        return Stream.concat(Stream.ofNullable(pod.getInitContainers()).flatMap(List::stream),
                Stream.ofNullable(pod.getContainers()).flatMap(List::stream));
    }

    private static List<ContainerPort> ports(Container c) {
        return c.getPorts() == null ? List.of() : c.getPorts();
    }

    private static String names(List<Container> containers) {
        return containers.stream().map(Container::getName).collect(Collectors.joining(", "));
    }

    private static String portNumbers(List<ContainerPort> ports) {
        return ports.stream().map(p -> String.valueOf(p.getContainerPort())).collect(Collectors.joining(", "));
    }
}
