package io.asyncservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.api.v1alpha1.AsyncService;
import io.asyncservice.operator.TestFixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentRendererTest {

    private static Deployment render(AsyncService asvc) {
        return render(asvc, TestFixtures.secretsFor(asvc), null);
    }

    private static Deployment render(AsyncService asvc, Map<String, Secret> secrets, Integer currentReplicas) {
        return DeploymentRenderer.fromCrd(asvc, TestFixtures.SIDECAR_DEFAULTS, secrets, currentReplicas,
                TestFixtures.DRAIN_TOKEN)
                .generateDeployment();
    }

    private static Container sidecar(PodSpec pod) {
        return java.util.stream.Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                .filter(c -> c.getName().equals(Names.SIDECAR_CONTAINER)).findFirst().orElseThrow();
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElseThrow();
    }

    @Test
    void userContainersStayAsWrittenExceptThePreStopHookOnTheEndpointContainer() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        PodSpec written = TestFixtures.copy(asvc.getSpec().getTemplate().getSpec());

        PodSpec pod = render(asvc).getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers()).hasSize(2);
        Container app = TestFixtures.copy(pod.getContainers().get(0));
        assertThat(app.getLifecycle().getPreStop().getHttpGet().getPath()).isEqualTo(SidecarContract.DRAIN_PATH);
        assertThat(app.getLifecycle().getPreStop().getHttpGet().getPort()).isEqualTo(new IntOrString(7979));
        app.setLifecycle(null);
        assertThat(app).isEqualTo(written.getContainers().get(0));
        assertThat(pod.getContainers().get(1).getName()).isEqualTo(Names.SIDECAR_CONTAINER);
        assertThat(pod.getInitContainers()).isEqualTo(written.getInitContainers());
        assertThat(pod.getImagePullSecrets()).isEqualTo(written.getImagePullSecrets());
        assertThat(pod.getTolerations()).isEqualTo(written.getTolerations());
        assertThat(pod.getNodeSelector()).isEqualTo(written.getNodeSelector());
        assertThat(pod.getVolumes().get(0)).isEqualTo(written.getVolumes().get(0));
        assertThat(pod.getVolumes()).extracting("name").containsExactly("models", Names.TMP_VOLUME);
    }

    @Test
    void renderingDoesNotChangeTheAsyncService() {
        AsyncService asvc = TestFixtures.kafka("ml", "summarizer");
        String before = Serialization.asJson(asvc);

        render(asvc);

        assertThat(Serialization.asJson(asvc)).isEqualTo(before);
    }

    @Test
    void aUserPreStopHookIsKeptAndNotReplaced() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        asvc.getSpec().getTemplate().getSpec().getContainers().get(0).setLifecycle(new LifecycleBuilder()
                .withNewPreStop().withNewExec().withCommand("/bin/sh", "-c", "sleep 5").endExec().endPreStop().build());

        Container app = render(asvc).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(app.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("/bin/sh", "-c", "sleep 5");
        assertThat(app.getLifecycle().getPreStop().getHttpGet()).isNull();
    }

    @Test
    void theNamedEndpointContainerGetsTheHookNotTheFirst() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Container other = TestFixtures.copy(asvc.getSpec().getTemplate().getSpec().getContainers().get(0));
        other.setName("log-shipper");
        other.setPorts(List.of());
        asvc.getSpec().getTemplate().getSpec().getContainers().add(0, other);
        asvc.getSpec().getEndpoint().setContainer("app");

        List<Container> containers = render(asvc).getSpec().getTemplate().getSpec().getContainers();

        assertThat(containers).extracting(Container::getName).containsExactly("log-shipper", "app", Names.SIDECAR_CONTAINER);
        assertThat(containers.get(0).getLifecycle()).isNull();
        assertThat(containers.get(1).getLifecycle().getPreStop()).isNotNull();
    }

    @Test
    void aNativeSidecarIsTheLastInitContainerWithRestartPolicyAlways() {
        AsyncService asvc = TestFixtures.kafka("ml", "summarizer");

        PodSpec pod = render(asvc).getSpec().getTemplate().getSpec();

        assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app");
        assertThat(pod.getInitContainers()).extracting(Container::getName)
                .containsExactly("fetch-model", Names.SIDECAR_CONTAINER);
        assertThat(pod.getInitContainers().get(1).getRestartPolicy()).isEqualTo("Always");
    }

    @Test
    void theSidecarRunsLockedDownWithProbesOnItsOwnPort() {
        Container sidecar = sidecar(render(TestFixtures.amqp("ml", "summarizer")).getSpec().getTemplate().getSpec());

        assertThat(sidecar.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(sidecar.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(sidecar.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(sidecar.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sidecar.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(sidecar.getLivenessProbe().getHttpGet().getPath()).isEqualTo(SidecarContract.LIVEZ_PATH);
        assertThat(sidecar.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(9090));
        assertThat(sidecar.getReadinessProbe().getHttpGet().getPath()).isEqualTo(SidecarContract.READYZ_PATH);
        assertThat(sidecar.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString(9090));
        assertThat(sidecar.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    }

    @Test
    void imageAndResourcesComeFromTheSpecWhenSetElseFromTheOperatorDefaults() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Container byDefault = sidecar(render(asvc).getSpec().getTemplate().getSpec());
        assertThat(byDefault.getImage()).isEqualTo(TestFixtures.SIDECAR_DEFAULTS.image());
        assertThat(byDefault.getResources()).isEqualTo(TestFixtures.SIDECAR_DEFAULTS.resources());

        asvc.getSpec().getSidecar().setImage("registry.example.com/sidecar:patched");
        asvc.getSpec().getSidecar().setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("200m")).build());
        Container overridden = sidecar(render(asvc).getSpec().getTemplate().getSpec());
        assertThat(overridden.getImage()).isEqualTo("registry.example.com/sidecar:patched");
        assertThat(overridden.getResources().getRequests()).containsOnlyKeys("cpu");
    }

    @Test
    void theSidecarConfigIsOneJsonVariableWithTheSpecsBrokersAndNoSecretValue() throws Exception {
        AsyncService asvc = TestFixtures.nats("ml", "summarizer");
        Container sidecar = sidecar(render(asvc).getSpec().getTemplate().getSpec());

        String json = env(sidecar, SidecarContract.CONFIG_ENV);
        SidecarConfig config = Serialization.jsonMapper().readValue(json, SidecarConfig.class);

        assertThat(config.getNamespace()).isEqualTo("ml");
        assertThat(config.getName()).isEqualTo("summarizer");
        assertThat(config.getPort()).isEqualTo(7979);
        assertThat(config.getEndpoint().getPath()).isEqualTo("/summarize");
        assertThat(config.getInput().getNats().getConsumer()).isEqualTo("summarizer");
        assertThat(config.getDeadLetter().getNats().getSubject()).isEqualTo("summaries.failed");
        assertThat(config.getOutput()).isNull();
        assertThat(json).doesNotContain("fixture-nats-token-value");
        assertThat(render(TestFixtures.nats("ml", "summarizer")).getSpec().getTemplate().getSpec().getContainers().get(1)
                .getEnv().get(0).getValue()).as("same spec, same text").isEqualTo(json);
    }

    @Test
    void secretsArriveAsSecretKeyRefsWithTheContractsNamesAndOptionality() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        asvc.getSpec().setOutput(null);
        asvc.getSpec().setDeadLetter(TestFixtures.nats("ml", "x").getSpec().getDeadLetter());

        Container sidecar = sidecar(render(asvc).getSpec().getTemplate().getSpec());

        List<String> plain = List.of(SidecarContract.CONFIG_ENV, SidecarContract.DRAIN_TOKEN_ENV,
                SidecarContract.TERMINATION_GRACE_PERIOD_ENV);
        assertThat(sidecar.getEnv()).allSatisfy(e -> assertThat(e.getValue() == null)
                .isEqualTo(!plain.contains(e.getName())));
        assertThat(sidecar.getEnv()).extracting(EnvVar::getName).containsExactly(
                "ASVC_CONFIG", "ASVC_DRAIN_TOKEN", "ASVC_TERMINATION_GRACE_PERIOD",
                "ASVC_INPUT_AWS_ACCESS_KEY_ID", "ASVC_INPUT_AWS_SECRET_ACCESS_KEY", "ASVC_INPUT_AWS_SESSION_TOKEN",
                "ASVC_DEAD_LETTER_TOKEN", "ASVC_DEAD_LETTER_USER", "ASVC_DEAD_LETTER_PASSWORD", "ASVC_DEAD_LETTER_CREDS");
        assertThat(sidecar.getEnv()).filteredOn(e -> e.getValueFrom() != null)
                .extracting(e -> e.getName() + "=" + e.getValueFrom().getSecretKeyRef().getName() + "/"
                        + e.getValueFrom().getSecretKeyRef().getKey() + " optional=" + e.getValueFrom().getSecretKeyRef().getOptional())
                .containsExactly(
                        "ASVC_INPUT_AWS_ACCESS_KEY_ID=sqs-credentials/AWS_ACCESS_KEY_ID optional=null",
                        "ASVC_INPUT_AWS_SECRET_ACCESS_KEY=sqs-credentials/AWS_SECRET_ACCESS_KEY optional=null",
                        "ASVC_INPUT_AWS_SESSION_TOKEN=sqs-credentials/AWS_SESSION_TOKEN optional=true",
                        "ASVC_DEAD_LETTER_TOKEN=nats-token/token optional=true",
                        "ASVC_DEAD_LETTER_USER=nats-token/user optional=true",
                        "ASVC_DEAD_LETTER_PASSWORD=nats-token/password optional=true",
                        "ASVC_DEAD_LETTER_CREDS=nats-token/creds optional=true");
    }

    @Test
    void anAmqpUriReachesTheSidecarUnderTheContractsKeyWhateverItsKeyInTheSecret() {
        AsyncService asvc = TestFixtures.amqp("ml", "summarizer");
        asvc.getSpec().getInput().getAmqp().getUriSecret().setKey("connection-string");

        Container sidecar = sidecar(render(asvc).getSpec().getTemplate().getSpec());

        EnvVar uri = sidecar.getEnv().stream().filter(e -> e.getName().equals("ASVC_INPUT_AMQP_URI")).findFirst().orElseThrow();
        assertThat(uri.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("connection-string");
        assertThat(uri.getValueFrom().getSecretKeyRef().getName()).isEqualTo("rabbitmq-uri");
    }

    @Test
    void kafkaCredentialsAreMountedReadOnlyAtTheContractsDirectory() {
        PodSpec pod = render(TestFixtures.kafka("ml", "summarizer")).getSpec().getTemplate().getSpec();

        assertThat(sidecar(pod).getVolumeMounts()).filteredOn(m -> m.getName().startsWith("asyncservice-kafka-"))
                .extracting(m -> m.getMountPath() + " ro=" + m.getReadOnly())
                .containsExactly("/var/run/asyncservice/kafka/input ro=true", "/var/run/asyncservice/kafka/output ro=true");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getSecret() != null)
                .extracting(v -> v.getSecret().getSecretName()).containsExactly("kafka-client", "kafka-client");
    }

    @Test
    void noSecretValueAppearsAnywhereInTheDeployment() {
        for (AsyncService asvc : List.of(TestFixtures.sqs("ml", "a"), TestFixtures.kafka("ml", "b"),
                TestFixtures.nats("ml", "c"), TestFixtures.amqp("ml", "d"))) {
            Map<String, Secret> secrets = TestFixtures.secretsFor(asvc);
            String yaml = Serialization.asYaml(render(asvc, secrets, null));
            secrets.values().forEach(s -> s.getData().forEach((k, v) -> {
                assertThat(yaml).doesNotContain(v);
                assertThat(yaml).doesNotContain(new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
            }));
        }
    }

    @Test
    void terminationGracePeriodCoversTheEndpointTimeoutButNeverShortensTheUsers() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        asvc.getSpec().getEndpoint().setTimeout("2m");
        assertThat(render(asvc).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(150L);

        asvc.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(600L);
        assertThat(render(asvc).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(600L);

        asvc.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(null);
        asvc.getSpec().getEndpoint().setTimeout("1500ms");
        assertThat(render(asvc).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("1.5s + 30s, rounded up to whole seconds").isEqualTo(32L);
    }

    @Test
    void thePreStopHookSendsTheDrainTokenTheSidecarIsGiven() {
        for (AsyncService asvc : List.of(TestFixtures.sqs("ml", "summarizer"), TestFixtures.kafka("ml", "summarizer"))) {
            PodSpec pod = render(asvc).getSpec().getTemplate().getSpec();

            Container app = pod.getContainers().get(0);
            assertThat(app.getLifecycle().getPreStop().getHttpGet().getHttpHeaders())
                    .singleElement().satisfies(h -> {
                        assertThat(h.getName()).isEqualTo(SidecarContract.DRAIN_TOKEN_HEADER);
                        assertThat(h.getValue()).isEqualTo(TestFixtures.DRAIN_TOKEN.value());
                    });
            assertThat(env(sidecar(pod), SidecarContract.DRAIN_TOKEN_ENV)).isEqualTo(TestFixtures.DRAIN_TOKEN.value());
            assertThat(env(sidecar(pod), SidecarContract.TERMINATION_GRACE_PERIOD_ENV))
                    .isEqualTo(pod.getTerminationGracePeriodSeconds() + "s");
        }
    }

    @Test
    void theDrainTokenOfTheExistingDeploymentIsKeptSoAReconcileRollsNothing() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Deployment first = DeploymentRenderer.fromCrd(asvc, TestFixtures.SIDECAR_DEFAULTS, TestFixtures.secretsFor(asvc),
                null, DrainToken.kept(null)).generateDeployment();

        DrainToken kept = DrainToken.kept(first);
        Deployment second = DeploymentRenderer.fromCrd(asvc, TestFixtures.SIDECAR_DEFAULTS, TestFixtures.secretsFor(asvc),
                null, kept).generateDeployment();

        assertThat(second).isEqualTo(first);
        assertThat(DrainToken.of(second)).contains(kept);
        assertThat(DrainToken.kept(second)).isEqualTo(DrainToken.kept(first));
    }

    @Test
    void aNewDeploymentOrOneRenderedBeforeTokensGetsAFreshRandomToken() {
        AsyncService asvc = TestFixtures.kafka("ml", "summarizer");
        Deployment old = render(asvc);
        sidecar(old.getSpec().getTemplate().getSpec()).getEnv()
                .removeIf(e -> e.getName().equals(SidecarContract.DRAIN_TOKEN_ENV));

        DrainToken a = DrainToken.kept(old);
        DrainToken b = DrainToken.kept(null);

        assertThat(DrainToken.of(old)).isEmpty();
        assertThat(a).isNotEqualTo(b);
        assertThat(List.of(a, b)).allSatisfy(t -> {
            assertThat(t.value()).matches("[A-Za-z0-9_-]{43}");
            assertThat(Base64.getUrlDecoder().decode(t.value())).hasSize(32);
            assertThat(t.toString()).doesNotContain(t.value());
        });
        assertThat(DrainToken.of(render(asvc))).as("found in a native sidecar too").contains(TestFixtures.DRAIN_TOKEN);
    }

    @Test
    void theUsersAppKubernetesIoLabelsAreKeptAsWritten() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Map<String, String> labels = asvc.getSpec().getTemplate().getMetadata().getLabels();
        labels.put("app.kubernetes.io/name", "ocr");
        labels.put("app.kubernetes.io/instance", "ocr-eu");
        labels.put("app.kubernetes.io/managed-by", "Helm");

        Deployment d = render(asvc);

        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "ocr")
                .containsEntry("app.kubernetes.io/instance", "ocr-eu")
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("asyncservice.io/name", "summarizer");
        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("asyncservice.io/name", "summarizer"));
    }

    @Test
    void aDeploymentAnOlderOperatorCreatedKeepsItsSelectorAndItsPodLabels() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        PodSelector legacy = new PodSelector(Names.legacySelectorLabels(asvc));

        Deployment d = DeploymentRenderer.fromCrd(asvc, TestFixtures.SIDECAR_DEFAULTS, TestFixtures.secretsFor(asvc),
                null, legacy, TestFixtures.DRAIN_TOKEN).generateDeployment();

        assertThat(d.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of(
                "app.kubernetes.io/name", "summarizer",
                "app.kubernetes.io/instance", "summarizer",
                "app.kubernetes.io/managed-by", "async-service-operator"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .as("exactly the labels an older operator gave the pods, so an upgrade does not roll them")
                .isEqualTo(Map.of("team", "ml",
                        "app.kubernetes.io/name", "summarizer",
                        "app.kubernetes.io/instance", "summarizer",
                        "app.kubernetes.io/managed-by", "async-service-operator"));
    }

    @Test
    void labelsAndAnnotationsAreKeptAndTheOperatorsAreAdded() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Deployment d = render(asvc);

        assertThat(d.getSpec().getSelector().getMatchLabels())
                .as("the operator selects pods by a label of its own").isEqualTo(Map.of("asyncservice.io/name", "summarizer"));
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "ml")
                .containsEntry("asyncservice.io/name", "summarizer")
                .as("the recommended labels the user did not set").containsEntry("app.kubernetes.io/name", "summarizer")
                .containsEntry("app.kubernetes.io/instance", "summarizer")
                .containsEntry("app.kubernetes.io/managed-by", "async-service-operator");
        assertThat(d.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "async-service-operator")
                .containsEntry("asyncservice.io/name", "summarizer");
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("example.com/owner", "ml-platform")
                .containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/port", "7979")
                .containsEntry("prometheus.io/path", "/metrics")
                .containsKey(Names.CONFIG_HASH_ANNOTATION);
        assertThat(d.getMetadata().getName()).isEqualTo("summarizer");
        assertThat(d.getMetadata().getNamespace()).isEqualTo("ml");
    }

    @Test
    void theAsyncServiceIsTheDeploymentsControllingOwner() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        assertThat(render(asvc).getMetadata().getOwnerReferences()).as("not yet created, no uid").isEmpty();

        asvc.getMetadata().setUid("6a1b1f0e-2c1d-4f57-9a53-3c2b8f0f1e11");
        assertThat(render(asvc).getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getApiVersion()).isEqualTo("asyncservice.io/v1alpha1");
            assertThat(o.getKind()).isEqualTo("AsyncService");
            assertThat(o.getName()).isEqualTo("summarizer");
            assertThat(o.getUid()).isEqualTo("6a1b1f0e-2c1d-4f57-9a53-3c2b8f0f1e11");
            assertThat(o.getController()).isTrue();
        });
    }

    @Test
    void theUsersOwnPrometheusAnnotationsWin() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        asvc.getSpec().getTemplate().getMetadata().getAnnotations().put("prometheus.io/port", "8000");

        Map<String, String> annotations = render(asvc).getSpec().getTemplate().getMetadata().getAnnotations();

        assertThat(annotations).containsEntry("prometheus.io/port", "8000").doesNotContainKey("prometheus.io/path");
    }

    @Test
    void theConfigHashFollowsSecretDataAndSpecButIsStableOtherwise() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        Map<String, Secret> secrets = TestFixtures.secretsFor(asvc);
        String hash = configHash(render(asvc, secrets, null));

        assertThat(configHash(render(TestFixtures.sqs("ml", "summarizer"), TestFixtures.secretsFor(asvc), 5)))
                .isEqualTo(hash);

        Map<String, Secret> rotated = Map.of("sqs-credentials", TestFixtures.secret("ml", "sqs-credentials", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAFIXTUREVALUE0002", "AWS_SECRET_ACCESS_KEY", "rotated")));
        assertThat(configHash(render(asvc, rotated, null))).isNotEqualTo(hash);

        asvc.getSpec().getEndpoint().setPath("/v2/summarize");
        assertThat(configHash(render(asvc, secrets, null))).isNotEqualTo(hash);
    }

    @Test
    void theSpecHashIgnoresReplicasButSeesARemovalFromTheTemplate() {
        AsyncService asvc = TestFixtures.sqs("ml", "summarizer");
        String hash = specHash(render(asvc));
        asvc.getSpec().setReplicas(7);
        assertThat(specHash(render(asvc))).isEqualTo(hash);

        asvc.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().remove(1);
        assertThat(specHash(render(asvc))).isNotEqualTo(hash);
    }

    private static String configHash(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getAnnotations().get(Names.CONFIG_HASH_ANNOTATION);
    }

    private static String specHash(Deployment d) {
        return d.getMetadata().getAnnotations().get(Names.SPEC_HASH_ANNOTATION);
    }
}
