package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandResolverTest {

    private final CommandResolver resolver = new CommandResolver(List.of("java", "-jar", "sidecar.jar"),
            List.of(ImageRule.echoApp(), ImageRule.operator(), ImageRule.busybox()));

    private static Container container(String name, String image) {
        return new ContainerBuilder().withName(name).withImage(image).build();
    }

    @Test
    void runsTheSidecarForTheContainerWithTheSidecarConfiguration() {
        Container sidecar = new ContainerBuilder(container("asyncservice-sidecar", "ghcr.io/asyncservice/sidecar:0.1.0"))
                .addNewEnv().withName("ASVC_CONFIG").withValue("{}").endEnv().build();

        assertThat(resolver.command(Map.of(), sidecar, false).orElseThrow().argv())
                .isEqualTo(List.of("java", "-jar", "sidecar.jar"));
    }

    @Test
    void mapsEchoAndSummarizerImagesToTheEchoApp() {
        assertThat(resolver.command(Map.of(), container("app", "ghcr.io/acme/summarizer:1.4"), true).orElseThrow().argv())
                .last().isEqualTo("io.asyncservice.sandbox.app.EchoApp");
        assertThat(resolver.command(Map.of(), container("app", "example.com/ECHO:2"), true)).isPresent();
        assertThat(resolver.command(Map.of(), container("app", "nginx:1.27"), true)).isEmpty();
    }

    @Test
    void anAnnotationGivesAnyContainerALocalCommand() {
        Map<String, String> annotations = Map.of(
                CommandResolver.COMMAND_ANNOTATION, "python3 -m http.server $PORT",
                CommandResolver.COMMAND_ANNOTATION + ".worker", "./worker --fast");

        assertThat(resolver.command(annotations, container("app", "nginx"), true).orElseThrow().argv())
                .isEqualTo(List.of("/bin/sh", "-c", "exec python3 -m http.server $PORT"));
        assertThat(resolver.command(annotations, container("worker", "busybox"), false).orElseThrow().argv())
                .isEqualTo(List.of("/bin/sh", "-c", "exec ./worker --fast"));
        assertThat(resolver.command(annotations, container("other", "nginx"), false)).isEmpty();
    }

    @Test
    void theOperatorImageRunsTheOperatorsMainOnTheHostPortOfItsHttpPort() {
        ResolvedCommand operator = resolver.command(Map.of(),
                container("operator", "ghcr.io/asyncservice/operator:0.1.0"), false).orElseThrow();

        assertThat(operator.argv()).last().isEqualTo("io.asyncservice.operator.Main");
        assertThat(operator.portEnv()).containsExactly(Map.entry("ASVC_HTTP_PORT", "http"));
        assertThat(resolver.command(Map.of(), container("operator", "example.com/not-asyncservice/operator-x:1"), false))
                .isEmpty();
    }

    @Test
    void aBusyboxContainerRunsItsOwnCommandOnThisMachine() {
        Container test = new ContainerBuilder(container("health", "busybox:1.36.1"))
                .withCommand("sh", "-c").withArgs("wget -q -O /dev/null http://svc.ns.svc:8080/healthz").build();

        assertThat(resolver.command(Map.of(), test, false).orElseThrow().argv())
                .containsExactly("sh", "-c", "wget -q -O /dev/null http://svc.ns.svc:8080/healthz");
        assertThat(resolver.command(Map.of(), container("no-command", "busybox:1.36.1"), false))
                .as("busybox's own entrypoint is not on this machine").isEmpty();
    }
}
