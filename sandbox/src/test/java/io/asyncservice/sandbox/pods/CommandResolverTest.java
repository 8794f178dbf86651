package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandResolverTest {

    private final CommandResolver resolver = new CommandResolver(List.of("java", "-jar", "sidecar.jar"),
            List.of(ImageRule.echoApp()));

    private static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    @Test
    void runsTheSidecarForTheContainerWithTheSidecarConfiguration() {
        Container sidecar = new ContainerBuilder(container("asyncservice-sidecar", "ghcr.io/asyncservice/sidecar:0.1.0"))
                .addNewEnv().withName("ASVC_CONFIG").withValue("{}").endEnv().build();

        assertThat(resolver.command(Map.of(), sidecar, false)).contains(List.of("java", "-jar", "sidecar.jar"));
    }

    @Test
    void mapsEchoAndSummarizerImagesToTheEchoApp() {
        assertThat(resolver.command(Map.of(), container("app", "ghcr.io/acme/summarizer:1.4"), true).orElseThrow())
                .last().isEqualTo("io.asyncservice.sandbox.app.EchoApp");
        assertThat(resolver.command(Map.of(), container("app", "example.com/ECHO:2"), true)).isPresent();
        assertThat(resolver.command(Map.of(), container("app", "nginx:1.27"), true)).isEmpty();
    }

    @Test
    void anAnnotationGivesAnyContainerALocalCommand() {
        Map<String, String> annotations = Map.of(
                CommandResolver.COMMAND_ANNOTATION, "python3 -m http.server $PORT",
                CommandResolver.COMMAND_ANNOTATION + ".worker", "./worker --fast");

        assertThat(resolver.command(annotations, container("app", "nginx"), true))
                .contains(List.of("/bin/sh", "-c", "exec python3 -m http.server $PORT"));
        assertThat(resolver.command(annotations, container("worker", "busybox"), false))
                .contains(List.of("/bin/sh", "-c", "exec ./worker --fast"));
        assertThat(resolver.command(annotations, container("other", "busybox"), false)).isEmpty();
    }
}
