package io.asyncservice.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.broker.BrokerMessage;
import io.asyncservice.sandbox.broker.SqsSandboxBroker;
import io.asyncservice.sandbox.demo.DemoRun;
import io.asyncservice.sandbox.demo.Tally;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary run: the SQS Secret holds unique values (ElasticMQ accepts any key), first with one key missing and then
 * complete, while messages flow 0 → N → 0 and one is dead-lettered. Then every container log line of every pod the
 * kubelet ran (the operator's too), every Event, the AsyncService's status, the Deployments and ReplicaSets and the
 * sidecar's {@code ASVC_CONFIG} are searched for the values and their base64: none may appear anywhere. The
 * sidecar gets the values through {@code secretKeyRef}, so its process environment has them and is not searched.
 */
@ExtendWith(SharedSandbox.class)
class SecretCanaryIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NAME = "sqs-canary";
    private static final String SECRET = NAME + "-sqs-credentials";

    private static EndToEndSandbox e2e;
    private static Path dir;

    @BeforeAll
    static void start(Sandbox sandbox, @TempDir Path tempDir) {
        dir = tempDir;
        e2e = EndToEndSandbox.start(sandbox, SqsSandboxBroker.start(), dir);
    }

    @AfterAll
    static void stop() {
        if (e2e != null) {
            e2e.close();
        }
    }

    @Test
    void noSecretValueAppearsInAnyLogEventStatusDeploymentOrSidecarConfig() {
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("AWS_ACCESS_KEY_ID", "AKIA" + random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        secret.put("AWS_SECRET_ACCESS_KEY", random("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40));
        secret.put("AWS_SESSION_TOKEN", "canary-token-" + random("abcdefghijklmnopqrstuvwxyz0123456789", 48));
        Map<String, String> canaries = canaries(secret);

        // First without the secret key: the operator must name the key it misses, never a value.
        Map<String, String> incomplete = new LinkedHashMap<>(secret);
        incomplete.remove("AWS_SECRET_ACCESS_KEY");
        applySecret(incomplete);
        DemoRun run = e2e.run(NAME);
        run.apply(withoutExampleSecret(e2e.example(NAME, Map.of("TARGET_BACKLOG", "5"))));
        await().atMost(EndToEndSandbox.WAIT).until(() -> statusJson().contains("SecretKeyMissing"));
        String invalidStatus = statusJson();
        assertThat(invalidStatus).as("the SecretKeyMissing condition names the key").contains("AWS_SECRET_ACCESS_KEY");
        assertNoCanary("AsyncService " + NAME + " status with SecretKeyMissing", invalidStatus, canaries);

        // Then complete: 20 messages 0 -> N -> 0, and one the app answers 400, to the dead letter.
        applySecret(secret);
        Tally tally = new Tally(run.send("canary", 20, Map.of()).keySet());
        run.collect(tally, EndToEndSandbox.WAIT, run::atZero);
        int maxReplicas = run.maxReplicas();
        run.apply(withoutExampleSecret(e2e.example(NAME, Map.of("TARGET_BACKLOG", "5", "ECHO_STATUS", "400"))));
        await().atMost(EndToEndSandbox.WAIT).until(() -> appEnv("ECHO_STATUS").equals("400"));
        Tally rejected = new Tally(run.send("rejected", 1, Map.of()).keySet());
        run.collect(rejected, EndToEndSandbox.WAIT, run::atZero);
        assertThat(tally.withStatus("SUCCESS")).isEqualTo(20);
        assertThat(rejected.withStatus(BrokerMessage.DEAD_LETTER)).isEqualTo(1);
        assertThat(maxReplicas).isGreaterThanOrEqualTo(2);
        assertThat(run.atZero()).isTrue();

        List<Path> logs = containerLogs();
        StringBuilder allLogs = new StringBuilder();
        for (Path log : logs) {
            String content = read(log);
            allLogs.append(content);
            assertNoCanary("log " + e2e.podsDir().relativize(log), content, canaries);
        }
        var events = e2e.client().v1().events().inAnyNamespace().list().getItems();
        events.forEach(e -> assertNoCanary("Event " + e.getMetadata().getNamespace() + "/" + e.getMetadata().getName()
                + " (" + e.getReason() + ")", Serialization.asJson(e), canaries));
        assertNoCanary("AsyncService " + NAME + " status", statusJson(), canaries);
        Deployment deployment = e2e.client().apps().deployments().withName(NAME).get();
        String config = sidecarConfig(deployment);
        assertNoCanary("ASVC_CONFIG of the sidecar", config, canaries);
        var deployments = e2e.client().apps().deployments().inAnyNamespace().list().getItems();
        deployments.forEach(d -> assertNoCanary("Deployment " + d.getMetadata().getNamespace() + "/"
                + d.getMetadata().getName(), Serialization.asJson(d), canaries));
        var replicaSets = e2e.client().apps().replicaSets().inAnyNamespace().list().getItems();
        replicaSets.forEach(r -> assertNoCanary("ReplicaSet " + r.getMetadata().getNamespace() + "/"
                + r.getMetadata().getName(), Serialization.asJson(r), canaries));

        E2eReport.line("sqs secret canary", tally, ("%d canaries and their base64 absent from %d container log files"
                + " (%d lines), %d Events, 2 statuses, %d Deployments, %d ReplicaSets and ASVC_CONFIG (%d chars);"
                + " 1 dead-lettered; replicas 0 -> %d -> 0").formatted(secret.size(), logs.size(),
                allLogs.toString().lines().count(), events.size(), deployments.size(), replicaSets.size(),
                config.length(), maxReplicas));
        // The scan saw what it should have: the operator's and the sidecars' logs of the error paths, the Events.
        assertThat(logs).anyMatch(p -> p.toString().contains(Sandbox.OPERATOR_NAMESPACE + "_"))
                .anyMatch(p -> p.getFileName().toString().equals(EndToEndSandbox.SIDECAR + ".log"));
        assertThat(allLogs).as("the logs of SecretKeyMissing and of the dead letter")
                .contains("SecretKeyMissing", "has no key 'AWS_SECRET_ACCESS_KEY'", "outcome=\"dead_lettered\"");
        assertThat(events).extracting(e -> e.getReason()).contains("SecretKeyMissing");
        assertThat(Serialization.asJson(e2e.client().secrets().withName(SECRET).get()))
                .as("the Secret itself, as the API stores it, holds each base64 canary")
                .contains(canaries.entrySet().stream().filter(c -> c.getKey().endsWith("(base64)"))
                        .map(Map.Entry::getValue).toList());
        assertThat(Serialization.asJson(deployment)).as("the sidecar's credentials come by secretKeyRef")
                .contains("secretKeyRef", SECRET);
    }

    /** Creates or replaces the example's Secret with {@code values}. */
    private static void applySecret(Map<String, String> values) {
        Secret s = new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace("default").endMetadata()
                .withType("Opaque").withStringData(values).build();
        e2e.client().secrets().inNamespace("default").resource(s).createOr(op -> op.update());
    }

    /** The example without its first document, the Secret with placeholder values. */
    private static String withoutExampleSecret(String yaml) {
        String[] documents = yaml.split("(?m)^---$", 2);
        assertThat(documents[0]).contains("kind: Secret");
        return documents[1];
    }

    private static String statusJson() {
        AsyncService asvc = e2e.client().resources(AsyncService.class).withName(NAME).get();
        return asvc == null || asvc.getStatus() == null ? "" : Serialization.asJson(asvc.getStatus());
    }

    /** The value of {@code name} in the app container's env of the rendered Deployment. */
    private static String appEnv(String name) {
        Deployment d = e2e.client().apps().deployments().withName(NAME).get();
        return d == null ? "" : d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("app")).flatMap(c -> c.getEnv().stream())
                .filter(e -> e.getName().equals(name)).map(e -> String.valueOf(e.getValue())).findFirst().orElse("");
    }

    private static String sidecarConfig(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(EndToEndSandbox.SIDECAR)).findFirst().orElseThrow().getEnv().stream()
                .filter(e -> e.getName().equals(SidecarContract.CONFIG_ENV)).findFirst().orElseThrow().getValue();
    }

    /** Each value and its base64, by a label that says which is which. */
    private static Map<String, String> canaries(Map<String, String> secret) {
        Map<String, String> canaries = new LinkedHashMap<>();
        secret.forEach((key, value) -> {
            canaries.put(key, value);
            canaries.put(key + " (base64)", Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        });
        return canaries;
    }

    private static void assertNoCanary(String where, String text, Map<String, String> canaries) {
        canaries.forEach((label, value) -> assertThat(text).as("%s contains the canary %s", where, label)
                .doesNotContain(value));
    }

    /** Every container log under the kubelet's pod directories, deleted pods included. */
    private static List<Path> containerLogs() {
        try (Stream<Path> files = Files.walk(e2e.podsDir())) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".log") && Files.isRegularFile(p)).sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
