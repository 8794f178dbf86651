package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvResolverTest {

    private final Map<String, Secret> secrets = Map.of("sqs", new SecretBuilder().withNewMetadata().withName("sqs").endMetadata()
            .addToData("AWS_ACCESS_KEY_ID", b64("AKIA")).addToData("AWS_SECRET_ACCESS_KEY", b64("shh")).build());
    private final Map<String, ConfigMap> configMaps = Map.of("settings", new ConfigMapBuilder().withNewMetadata()
            .withName("settings").endMetadata().addToData("LEVEL", "debug").build());
    private final EnvResolver resolver = new EnvResolver(new EnvResolver.ObjectLookup() {
        @Override
        public Optional<Secret> secret(String namespace, String name) {
            return Optional.ofNullable(secrets.get(name));
        }

        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(configMaps.get(name));
        }
    });
    private final ObjectMeta pod = new ObjectMetaBuilder().withName("web-abc").withNamespace("default")
            .addToLabels("app", "web").build();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void resolvesValuesSecretsConfigMapsAndFieldsInOrder() throws Exception {
        Container c = new ContainerBuilder().withName("sidecar")
                .addNewEnvFrom().withNewConfigMapRef().withName("settings").endConfigMapRef().withPrefix("CFG_").endEnvFrom()
                .addNewEnv().withName("ASVC_CONFIG").withValue("{\"port\":7979}").endEnv()
                .addNewEnv().withName("ASVC_INPUT_AWS_ACCESS_KEY_ID").withNewValueFrom()
                .withNewSecretKeyRef("AWS_ACCESS_KEY_ID", "sqs", null).endValueFrom().endEnv()
                .addNewEnv().withName("ASVC_INPUT_AWS_SESSION_TOKEN").withNewValueFrom()
                .withNewSecretKeyRef("AWS_SESSION_TOKEN", "sqs", true).endValueFrom().endEnv()
                .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef()
                .endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("pod $(POD) in $(MISSING) costs $$5").endEnv()
                .build();

        Map<String, String> env = resolver.resolve(pod, "sandbox-local", "127.0.0.1", c);

        assertThat(env).containsExactly(
                Map.entry("CFG_LEVEL", "debug"),
                Map.entry("ASVC_CONFIG", "{\"port\":7979}"),
                Map.entry("ASVC_INPUT_AWS_ACCESS_KEY_ID", "AKIA"),
                Map.entry("POD", "web-abc"),
                Map.entry("APP", "web"),
                Map.entry("GREETING", "pod web-abc in $(MISSING) costs $5"));
    }

    @Test
    void thePodIpIsThePodsOwnAndTheHostIpTheNodes() throws Exception {
        Container c = new ContainerBuilder().withName("app")
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("HOST_IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.hostIP")
                .endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("ADMIN").withValue("http://$(POD_IP):7979").endEnv()
                .build();

        assertThat(resolver.resolve(pod, "sandbox-local", "127.10.0.7", c)).containsExactly(
                Map.entry("POD_IP", "127.10.0.7"),
                Map.entry("HOST_IP", "127.0.0.1"),
                Map.entry("ADMIN", "http://127.10.0.7:7979"));
    }

    @Test
    void aMissingSecretOrKeyStopsTheStartWithTheKubeletsReason() {
        Container missingSecret = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
                .withNewSecretKeyRef("k", "nope", false).endValueFrom().endEnv().build();
        Container missingKey = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
                .withNewSecretKeyRef("nope", "sqs", null).endValueFrom().endEnv().build();

        assertThatThrownBy(() -> resolver.resolve(pod, "n", "127.0.0.1", missingSecret))
                .isInstanceOf(ContainerConfigException.class).hasMessage("secret \"nope\" not found");
        assertThatThrownBy(() -> resolver.resolve(pod, "n", "127.0.0.1", missingKey))
                .isInstanceOf(ContainerConfigException.class).hasMessage("couldn't find key nope in Secret default/sqs");
    }
}
