package io.asyncservice.operator.scaling.scalein;

import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.operator.model.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ServicePodTest {

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("jobs-7d9f-abcde").endMetadata()
                .withNewSpec()
                .addNewContainer().withName("app").addNewPort().withName("http").withContainerPort(8000).endPort().endContainer()
                .addNewContainer().withName(Names.SIDECAR_CONTAINER)
                .addNewPort().withName(Names.SIDECAR_PORT_NAME).withContainerPort(7979).endPort().endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.1.2.3").endStatus();
    }

    @Test
    void readsTheSidecarPortFromThePodSpecAndTheIpFromItsStatus() {
        ServicePod p = ServicePod.from(pod().build());

        assertThat(p).isEqualTo(new ServicePod("jobs-7d9f-abcde", "10.1.2.3", 7979, null));
        assertThat(p.loadUri()).hasValue(URI.create("http://10.1.2.3:7979/load"));
    }

    @Test
    void aNativeSidecarsPortIsOnTheInitContainer() {
        Pod native_ = pod().editSpec().withContainers(pod().build().getSpec().getContainers().get(0))
                .addNewInitContainer().withName(Names.SIDECAR_CONTAINER).withRestartPolicy("Always")
                .addNewPort().withName(Names.SIDECAR_PORT_NAME).withContainerPort(9090).endPort().endInitContainer()
                .endSpec().build();

        assertThat(ServicePod.from(native_).sidecarPort()).isEqualTo(9090);
    }

    @Test
    void keepsTheDeletionCostItCarries() {
        Pod annotated = pod().editMetadata().addToAnnotations(ServicePod.DELETION_COST_ANNOTATION, "1000003").endMetadata().build();

        assertThat(ServicePod.from(annotated).deletionCost()).isEqualTo("1000003");
    }

    @Test
    void withoutAnIpOrASidecarPortThereIsNothingToCallAndItSaysWhy() {
        ServicePod pending = ServicePod.from(pod().editStatus().withPhase("Pending").withPodIP(null).endStatus().build());
        ServicePod noSidecar = ServicePod.from(pod().editSpec().withContainers(pod().build().getSpec().getContainers().get(0))
                .endSpec().build());

        assertThat(pending.loadUri()).isEmpty();
        assertThat(pending.whyNoLoadUri()).isEqualTo("the pod has no IP yet");
        assertThat(noSidecar.loadUri()).isEmpty();
        assertThat(noSidecar.whyNoLoadUri()).isEqualTo("the pod declares no port named asvc-sidecar");
    }

    @Test
    void anIpv6AddressIsBracketed() {
        ServicePod p = ServicePod.from(pod().editStatus().withPodIP("fd00::12").endStatus().build());

        assertThat(p.loadUri()).hasValue(URI.create("http://[fd00::12]:7979/load"));
    }

    @Test
    void terminatingAndFinishedPodsDoNotCount() {
        assertThat(ServicePod.isLive(pod().build())).isTrue();
        assertThat(ServicePod.isLive(pod().editStatus().withPhase("Pending").endStatus().build())).isTrue();
        assertThat(ServicePod.isLive(pod().editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata().build()))
                .isFalse();
        assertThat(ServicePod.isLive(pod().editStatus().withPhase("Succeeded").endStatus().build())).isFalse();
        assertThat(ServicePod.isLive(pod().editStatus().withPhase("Failed").endStatus().build())).isFalse();
    }
}
