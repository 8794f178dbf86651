package io.asyncservice.operator.scaling.scalein;

import static io.asyncservice.operator.TestAsyncServiceBuilder.fastAutoscaling;
import static io.asyncservice.operator.TestFixtures.scaled;
import static org.assertj.core.api.Assertions.assertThat;

import io.asyncservice.api.sidecar.SidecarLoad;
import io.asyncservice.operator.scaling.ScaledService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The scale-in's steps with doubles of its two ports: what it reads, what it writes, and that it never throws. */
class DeletionCostScaleInTest {

    private static final ScaledService SERVICE = scaled("team-a", "jobs", fastAutoscaling());

    /** Pods in memory; a patch is recorded as "pod=cost"; failures on demand. */
    private static final class TestingServicePods implements ServicePods {
        final List<ServicePod> pods = new ArrayList<>();
        final List<String> patches = new CopyOnWriteArrayList<>();
        RuntimeException listFailure;
        String refusedPod;

        @Override
        public List<ServicePod> list(ScaledService service) {
            if (listFailure != null) {
                throw listFailure;
            }
            return List.copyOf(pods);
        }

        @Override
        public void setDeletionCost(ScaledService service, String pod, String cost) {
            if (pod.equals(refusedPod)) {
                throw new IllegalStateException("pods \"" + pod + "\" not found");
            }
            patches.add(pod + "=" + cost);
        }
    }

    private final TestingServicePods pods = new TestingServicePods();
    private final Map<String, SidecarLoad> answers = new java.util.HashMap<>();
    private final PodLoadReader reader = listed -> new PodLoads(listed.stream()
            .map(p -> answers.containsKey(p.name()) ? (PodLoad) new PodLoad.Readable(p, answers.get(p.name()))
                    : new PodLoad.Unreadable(p, "connection refused"))
            .toList());
    private final DeletionCostScaleIn scaleIn = new DeletionCostScaleIn(new PodLoadSurvey(pods, reader), pods,
            new DeletionCostPolicy());

    @Test
    void writesTheCostOfEveryPodWhoseCostChanges() {
        pods.pods.add(new ServicePod("idle", "10.0.0.1", 7979, null));
        pods.pods.add(new ServicePod("busy", "10.0.0.2", 7979, "2000013"));
        pods.pods.add(new ServicePod("silent", "10.0.0.3", 7979, null));
        answers.put("idle", new SidecarLoad(0, 0, 120, false));
        answers.put("busy", new SidecarLoad(2, 12.5, 80, false));

        scaleIn.beforeScaleIn(SERVICE, 3, 2);

        assertThat(pods.patches).containsExactlyInAnyOrder("idle=0", "silent=2147483647");
    }

    @Test
    void aPodListTheApiServerRefusesChangesNothingAndDoesNotThrow() {
        pods.listFailure = new IllegalStateException("Forbidden: pods is forbidden");

        scaleIn.beforeScaleIn(SERVICE, 3, 2);

        assertThat(pods.patches).isEmpty();
    }

    @Test
    void aRefusedPatchDoesNotStopTheOthers() {
        pods.pods.add(new ServicePod("gone", "10.0.0.1", 7979, null));
        pods.pods.add(new ServicePod("idle", "10.0.0.2", 7979, null));
        answers.put("gone", new SidecarLoad(0, 0, 1, false));
        answers.put("idle", new SidecarLoad(0, 0, 1, false));
        pods.refusedPod = "gone";

        scaleIn.beforeScaleIn(SERVICE, 2, 1);

        assertThat(pods.patches).containsExactly("idle=0");
    }

    @Test
    void theSurveyGivesEachPodsCountersForReuse() {
        pods.pods.add(new ServicePod("a", "10.0.0.1", 7979, null));
        pods.pods.add(new ServicePod("b", "10.0.0.2", 7979, null));
        answers.put("a", new SidecarLoad(1, 3, 1234, false));

        PodLoads loads = new PodLoadSurvey(pods, reader).read(SERVICE);

        assertThat(loads.readable()).containsExactly(Map.entry("a", new SidecarLoad(1, 3, 1234, false)));
        assertThat(loads.unreadable()).containsExactly(Map.entry("b", "connection refused"));
        assertThat(loads.summary()).isEqualTo("2 pods: 0 idle, 1 busy, 1 unreadable");
    }
}
