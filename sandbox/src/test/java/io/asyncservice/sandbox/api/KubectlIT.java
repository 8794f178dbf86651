package io.asyncservice.sandbox.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.asyncservice.api.v1alpha1.AsyncService;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (v1.32 on this machine) against the sandbox API: apply without {@code --validate=false}, the
 * AsyncService columns, built-in tables, describe with Events, scale through {@code /scale}, strategic re-apply,
 * delete.
 */
class KubectlIT {

    private static final String ASVC = """
            apiVersion: asyncservice.io/v1alpha1
            kind: AsyncService
            metadata:
              name: %s
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: ghcr.io/acme/summarizer:1.4
                      ports: [{containerPort: 8000}]
              endpoint: {port: 8000, path: /summarize}
              input:
                sqs: {queueUrl: "http://127.0.0.1:9324/000000000000/in", region: elasticmq, credentialsSecret: sqs-creds}
              replicas: %d
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: sqs-creds}
            stringData: {AWS_ACCESS_KEY_ID: x, AWS_SECRET_ACCESS_KEY: x}
            """;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, labels: {app: web}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: app
                    image: %s
                    ports: [{containerPort: 8000}]
                    env: [{name: A, value: "1"}]
                  - name: side
                    image: side:1
            """;

    private static SandboxApiServer api;
    private static KubernetesClient client;
    private static KubectlCli kubectl;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        assumeTrue(KubectlCli.available(), "kubectl is not on the PATH; this test needs the real binary");
        api = SandboxApiServer.start(0);
        api.installAsyncServiceCrd();
        Path home = Files.createDirectories(dir.resolve("home"));
        kubectl = new KubectlCli(api.writeKubeconfig(dir.resolve("kubeconfig")), home);
        client = api.newClient();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void appliesAnAsyncServiceAndASecretWithClientSideValidationOn() {
        String out = kubectl.apply(ASVC.formatted("applied", 1)).ok();

        assertThat(out).contains("asyncservice.asyncservice.io/applied created", "secret/sqs-creds");
        AsyncService stored = client.resources(AsyncService.class).withName("applied").get();
        assertThat(stored.getSpec().getEndpoint().getPath()).isEqualTo("/summarize");
        assertThat(client.secrets().withName("sqs-creds").get().getData()).containsKey("AWS_ACCESS_KEY_ID");

        assertThat(kubectl.apply(ASVC.formatted("applied", 1)).ok())
                .contains("asyncservice.asyncservice.io/applied unchanged");
        assertThat(kubectl.apply(ASVC.formatted("applied", 2)).ok())
                .contains("asyncservice.asyncservice.io/applied configured");
        assertThat(client.resources(AsyncService.class).withName("applied").get().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void getShowsTheAsyncServiceColumnsWithStatusValues() {
        kubectl.apply(ASVC.formatted("columns", 1)).ok();
        AsyncService asvc = client.resources(AsyncService.class).withName("columns").get();
        asvc.getStatus().setBacklog(27L);
        asvc.getStatus().setReplicas(3);
        asvc.getStatus().setConditions(List.of(new ConditionBuilder().withType("Ready").withStatus("True")
                .withReason("Running").withLastTransitionTime("2026-01-01T00:00:00Z").build()));
        client.resource(asvc).updateStatus();

        List<String> lines = kubectl.run("get", "asvc", "columns").ok().lines().toList();

        assertThat(lines.get(0).split("\\s+")).containsExactly("NAME", "AGE", "BACKLOG", "READY", "REPLICAS");
        assertThat(lines.get(1).split("\\s+")).startsWith("columns").endsWith("27", "True", "3");
    }

    @Test
    void getShowsDeploymentsAndPodsAsAClusterWould() {
        kubectl.apply(DEPLOYMENT.formatted("echo:1")).ok();
        client.pods().resource(new PodBuilder().withNewMetadata().withName("web-abc").addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("echo:1").endContainer()
                .addNewContainer().withName("side").withImage("side:1").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("app").withReady(true)
                .withRestartCount(1).endContainerStatus().addNewContainerStatus().withName("side").withReady(true)
                .withRestartCount(0).endContainerStatus().endStatus().build()).create();

        String out = kubectl.run("get", "deploy,pods").ok();

        assertThat(out).containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
                .containsPattern("deployment.apps/web\\s+0/1\\s+0\\s+0")
                .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE")
                .containsPattern("pod/web-abc\\s+2/2\\s+Running\\s+1");
        kubectl.run("delete", "pod", "web-abc").ok();
    }

    @Test
    void describeShowsTheSpecAndOnlyItsOwnEvents() {
        kubectl.apply(ASVC.formatted("described", 1)).ok();
        AsyncService asvc = client.resources(AsyncService.class).withName("described").get();
        event("scaled", asvc.getMetadata().getName(), asvc.getMetadata().getUid(), "Scaled from 0 to 3: backlog 27");
        event("other", "someone-else", "uid-0", "Not about this one");

        String out = kubectl.run("describe", "asvc", "described").ok();

        assertThat(out).contains("Name:         described", "Kind:         AsyncService", "/summarize",
                "Scaled from 0 to 3: backlog 27");
        assertThat(out).doesNotContain("Not about this one");
    }

    @Test
    void scaleSetsSpecReplicasThroughTheScaleSubresource() {
        kubectl.apply(DEPLOYMENT.formatted("echo:1").replace("name: web", "name: scaled")).ok();
        kubectl.apply(ASVC.formatted("scaled-asvc", 1)).ok();

        assertThat(kubectl.run("scale", "deploy/scaled", "--replicas=3").ok()).contains("deployment.apps/scaled scaled");
        assertThat(kubectl.run("scale", "asvc/scaled-asvc", "--replicas=4").ok()).contains("scaled");

        assertThat(client.apps().deployments().withName("scaled").get().getSpec().getReplicas()).isEqualTo(3);
        assertThat(client.resources(AsyncService.class).withName("scaled-asvc").get().getSpec().getReplicas()).isEqualTo(4);
    }

    @Test
    void reApplyingAChangedDeploymentMergesContainersByName() {
        String yaml = DEPLOYMENT.replace("name: web", "name: merged");
        kubectl.apply(yaml.formatted("echo:1")).ok();

        assertThat(kubectl.apply(yaml.formatted("echo:2")).ok()).contains("deployment.apps/merged configured");

        Deployment d = client.apps().deployments().withName("merged").get();
        assertThat(d.getSpec().getTemplate().getSpec().getContainers()).hasSize(2);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("echo:2");
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).hasSize(1);
        assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).hasSize(1);
    }

    @Test
    void deleteRemovesWhatApplyCreated() {
        String yaml = ASVC.formatted("deleted", 1);
        kubectl.apply(yaml).ok();

        assertThat(kubectl.run("delete", "asvc", "deleted").ok()).contains("deleted");

        assertThat(client.resources(AsyncService.class).withName("deleted").get()).isNull();
        assertThat(kubectl.run("get", "asvc", "deleted").stderr()).contains("NotFound", "\"deleted\" not found");
    }

    private static void event(String name, String objectName, String uid, String message) {
        client.v1().events().resource(new EventBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewInvolvedObject().withApiVersion("asyncservice.io/v1alpha1").withKind("AsyncService")
                .withName(objectName).withNamespace("default").withUid(uid).endInvolvedObject()
                .withReason("Scaled").withMessage(message).withType("Normal").withCount(1)
                .withFirstTimestamp("2026-01-01T00:00:00Z").withLastTimestamp("2026-01-01T00:00:00Z")
                .build()).create();
    }
}
