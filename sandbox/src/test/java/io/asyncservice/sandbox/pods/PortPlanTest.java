package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PortPlanTest {

    private final AtomicInteger next = new AtomicInteger(40000);

    private final Container app = new ContainerBuilder().withName("app")
            .addNewPort().withContainerPort(8000).endPort()
            .withNewLifecycle().withNewPreStop().withNewHttpGet().withPath("/drain").withPort(new IntOrString(7979))
            .endHttpGet().endPreStop().endLifecycle().build();
    private final Container sidecar = new ContainerBuilder().withName("sidecar")
            .addNewPort().withName("asvc-sidecar").withContainerPort(7979).endPort()
            .withNewReadinessProbe().withNewHttpGet().withPath("/readyz").withPort(new IntOrString("asvc-sidecar"))
            .endHttpGet().endReadinessProbe().build();

    @Test
    void givesEveryPortThePodUsesItsOwnHostPort() {
        PortPlan plan = PortPlan.allocate(List.of(app, sidecar), List.of(9090), next::getAndIncrement);

        assertThat(plan.asMap()).containsOnlyKeys(7979, 8000, 9090);
        assertThat(plan.asMap().values()).doesNotHaveDuplicates().allMatch(p -> p >= 40000);
        assertThat(plan.host(new IntOrString("asvc-sidecar"))).isEqualTo(plan.host(7979));
        assertThat(plan.host(new IntOrString(8000))).isEqualTo(plan.host(8000));
        assertThat(plan.describe()).isEqualTo("7979->40000,8000->40001,9090->40002");
    }

    @Test
    void twoPodsOfOneTemplateGetDifferentPorts() {
        PortPlan first = PortPlan.allocate(List.of(app, sidecar), List.of(), next::getAndIncrement);
        PortPlan second = PortPlan.allocate(List.of(app, sidecar), List.of(), next::getAndIncrement);

        assertThat(first.host(8000)).isNotEqualTo(second.host(8000));
        assertThat(first.host(7979)).isNotEqualTo(second.host(7979));
    }

    @Test
    void rewritesOnlyThePortsOfTheSidecarConfiguration() throws Exception {
        String config = "{\"name\":\"s\",\"port\":7979,\"endpoint\":{\"port\":8000,\"path\":\"/x\"},\"input\":{\"sqs\":{}}}";
        PortPlan plan = PortPlan.allocate(List.of(app), SidecarConfigPorts.ports(config), next::getAndIncrement);

        String rewritten = SidecarConfigPorts.rewrite(config, plan);

        ObjectMapper mapper = new ObjectMapper();
        assertThat(mapper.readTree(rewritten)).isEqualTo(mapper.readTree(
                "{\"name\":\"s\",\"port\":" + plan.host(7979) + ",\"endpoint\":{\"port\":" + plan.host(8000)
                        + ",\"path\":\"/x\"},\"input\":{\"sqs\":{}}}"));
    }

    @Test
    void setsTheDefaultSidecarPortWhenTheConfigurationLeavesItOut() throws Exception {
        String config = "{\"endpoint\":{\"port\":8000}}";
        PortPlan plan = PortPlan.allocate(List.of(), SidecarConfigPorts.ports(config), next::getAndIncrement);

        assertThat(new ObjectMapper().readTree(SidecarConfigPorts.rewrite(config, plan)).get("port").asInt())
                .isEqualTo(plan.host(7979)).isNotEqualTo(7979);
    }
}
