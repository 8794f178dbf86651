package io.asyncservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.model.Names;
import io.asyncservice.operator.model.SidecarInjector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One file of deploy/examples: its AsyncService and the Secrets it ships, read as kubectl would read them, into a
 * namespace of the test's choosing.
 */
public record Example(String file, AsyncService asyncService, List<Secret> secrets) {

    /** Tests run in the module directory; the examples live next to it. */
    public static final Path DIRECTORY = Path.of("..", "deploy", "examples");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public static List<String> files() {
        return List.of("sqs.yaml", "kafka.yaml", "nats.yaml", "amqp.yaml");
    }

    public static Example load(String file, String namespace) {
        return load(DIRECTORY.resolve(file), namespace);
    }

    public static Example load(Path path, String namespace) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AsyncService asvc = null;
        List<Secret> secrets = new ArrayList<>();
        for (String doc : text.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            GenericKubernetesResource generic = SERIALIZATION.unmarshal(doc, GenericKubernetesResource.class);
            generic.getMetadata().setNamespace(namespace);
            switch (generic.getKind()) {
                case "AsyncService" -> asvc = SERIALIZATION.convertValue(generic, AsyncService.class);
                case "Secret" -> secrets.add(SERIALIZATION.convertValue(generic, Secret.class));
                default -> throw new IllegalStateException(path + ": unexpected kind " + generic.getKind());
            }
        }
        assertThat(asvc).as("%s holds an AsyncService", path).isNotNull();
        return new Example(path.getFileName().toString(), asvc, secrets);
    }

    public Map<String, Secret> secretsByName() {
        Map<String, Secret> byName = new HashMap<>();
        secrets.forEach(s -> byName.put(s.getMetadata().getName(), s));
        return byName;
    }

    /**
     * What the issue asks of every example: the pod has the user's containers unchanged apart from the endpoint
     * container's preStop hook, plus the sidecar, and no Secret value appears anywhere in the Deployment.
     */
    public void assertRendered(Deployment deployment) {
        PodSpec written = asyncService.getSpec().getTemplate().getSpec();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        List<Container> userContainers = pod.getContainers().stream()
                .filter(c -> !Names.SIDECAR_CONTAINER.equals(c.getName())).toList();
        assertThat(userContainers).hasSameSizeAs(written.getContainers());
        String endpointContainer = SidecarInjector.endpointContainer(written, asyncService.getSpec().getEndpoint())
                .orElseThrow().getName();
        for (int i = 0; i < userContainers.size(); i++) {
            Container rendered = SERIALIZATION.clone(userContainers.get(i));
            Container original = written.getContainers().get(i);
            boolean userHasPreStop = original.getLifecycle() != null && original.getLifecycle().getPreStop() != null;
            if (original.getName().equals(endpointContainer) && !userHasPreStop) {
                assertThat(rendered.getLifecycle().getPreStop().getHttpGet().getPath()).isEqualTo("/drain");
                rendered.getLifecycle().setPreStop(null);
                if (original.getLifecycle() == null) {
                    rendered.setLifecycle(null);
                }
            }
            assertThat(rendered).as("%s: container %s as the user wrote it", file, original.getName())
                    .isEqualTo(original);
        }
        assertThat(Stream.concat(pod.getContainers().stream(), Stream.ofNullable(pod.getInitContainers()).flatMap(List::stream)))
                .filteredOn(c -> Names.SIDECAR_CONTAINER.equals(c.getName())).hasSize(1);

        String yaml = SERIALIZATION.asYaml(deployment);
        for (Secret secret : secrets) {
            secretValues(secret).forEach(value -> {
                assertThat(yaml).as("%s: a value of Secret %s", file, secret.getMetadata().getName())
                        .doesNotContain(value)
                        .doesNotContain(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
            });
        }
    }

    private static List<String> secretValues(Secret secret) {
        List<String> values = new ArrayList<>();
        if (secret.getStringData() != null) {
            values.addAll(secret.getStringData().values());
        }
        if (secret.getData() != null) {
            secret.getData().values().forEach(v ->
                    values.add(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        assertThat(values).as("Secret %s has values to look for", secret.getMetadata().getName()).isNotEmpty();
        return values;
    }
}
