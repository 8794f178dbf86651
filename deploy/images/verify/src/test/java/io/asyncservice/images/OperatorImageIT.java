package io.asyncservice.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.asyncservice.testing.FreePorts;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator image tarball: its configuration, its JRE, and its entrypoint answering /healthz. */
class OperatorImageIT {

    static final String MAIN = "io.asyncservice.operator.Main";
    private static ImageTarball image;

    @BeforeAll
    static void unpack() throws Exception {
        Path tar = ImageTarball.tarballOf("operator");
        assumeTrue(tar != null, "no operator image tarball: build with ./mvnw -B verify -Pimages,local-base");
        Path work = Path.of("target", "operator-image").toAbsolutePath();
        ImageTarball.run(List.of("rm", "-rf", work.toString()));
        image = ImageTarball.unpack(tar, work);
        ImageChecks.record("operator image: " + ImageChecks.mib(image.compressedBytes()) + " compressed layers, "
                + ImageChecks.mib(image.unpackedBytes()) + " unpacked (" + image.layers.size() + " layers)");
    }

    @Test
    void runsAsNonRootWithTheOperatorsMain() throws Exception {
        ImageChecks.assertRunsAsNonRootJava(image, MAIN);
        assertThat(image.entrypoint()).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void itsJavaRunsAsTheImageUser() throws Exception {
        assumeTrue(Container.available(), "needs root for unshare and chroot");
        Path log = Files.createTempFile("java-version", ".log");
        try (Container c = Container.start(image, List.of("java", "-Xshare:on", "-version"), Map.of(), log)) {
            assertThat(c.waitFor(60)).as(c.output()).isZero();
            assertThat(c.output()).contains("17.").contains("sharing");
        }
    }

    @Test
    void entrypointAnswersHealthAgainstTheMockApiServer() throws Exception {
        assumeTrue(Container.available(), "needs root for unshare and chroot");
        assumeTrue(ImageChecks.hasClass(image, MAIN), MAIN + " is not in the operator artifact yet");
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        int port = FreePorts.find();
        Path log = Path.of("target", "operator-image.log").toAbsolutePath();
        Map<String, String> env = Map.of(
                // Size the JVM as in a pod with the chart's default limit (512Mi); see SidecarImageIT.
                "JAVA_TOOL_OPTIONS", "-XX:MaxRAM=512m",
                "KUBERNETES_MASTER", "http://127.0.0.1:" + api.getPort(),
                "KUBERNETES_AUTH_TRYKUBECONFIG", "false",
                "KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false",
                "KUBERNETES_NAMESPACE", "async-service-operator",
                "ASVC_HTTP_PORT", Integer.toString(port),
                // The mock API server cannot apply.
                "ASVC_SERVER_SIDE_APPLY", "false");
        try (Container c = Container.start(image, image.entrypoint(), env, log)) {
            Duration up = ImageChecks.awaitOk("http://127.0.0.1:" + port + "/healthz", c, Duration.ofSeconds(120));
            ImageChecks.awaitOk("http://127.0.0.1:" + port + "/readyz", c, Duration.ofSeconds(30));
            assertThat(ImageChecks.status("http://127.0.0.1:" + port + "/metrics")).isEqualTo(200);
            ImageChecks.record("operator entrypoint (MaxRAM=512m): /healthz after " + up.toMillis() + " ms, RSS " + c.rssKib() / 1024
                    + " MiB, CPU " + c.cpu().toMillis() + " ms");
        } finally {
            api.destroy();
        }
    }
}
