package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaPlannerTest {

    private static final ReplicaPlanner.Strategy ROLLING = ReplicaPlanner.Strategy.rollingUpdate(1, 0);

    private static PodView pod(String name, String hash, boolean ready, int createdSecond) {
        return new PodView(name, hash, ready, false, Instant.ofEpochSecond(createdSecond));
    }

    private static PodView terminating(String name, String hash) {
        return new PodView(name, hash, false, true, Instant.EPOCH);
    }

    @Test
    void createsTheMissingPods() {
        assertThat(ReplicaPlanner.plan(3, "h1", ROLLING, List.of(pod("a", "h1", true, 1))))
                .isEqualTo(new ReplicaPlan(2, List.of()));
    }

    @Test
    void scalesDownNotReadyPodsFirstThenTheNewest() {
        List<PodView> pods = List.of(pod("old-ready", "h1", true, 1), pod("new-ready", "h1", true, 3),
                pod("starting", "h1", false, 2), pod("mid-ready", "h1", true, 2));

        assertThat(ReplicaPlanner.plan(2, "h1", ROLLING, pods).delete()).containsExactly("starting", "new-ready");
    }

    @Test
    void scalesToZero() {
        assertThat(ReplicaPlanner.plan(0, "h1", ROLLING, List.of(pod("a", "h1", true, 1), pod("b", "h1", true, 2))))
                .isEqualTo(new ReplicaPlan(0, List.of("b", "a")));
    }

    @Test
    void ignoresTerminatingPods() {
        List<PodView> pods = List.of(pod("a", "h1", true, 1), terminating("b", "h1"));

        assertThat(ReplicaPlanner.plan(2, "h1", ROLLING, pods)).isEqualTo(new ReplicaPlan(1, List.of()));
        assertThat(ReplicaPlanner.plan(1, "h1", ROLLING, pods).isEmpty()).isTrue();
    }

    @Test
    void rollsOnePodAtATimeKeepingEveryReplicaAvailable() {
        List<PodView> old = List.of(pod("o1", "h1", true, 1), pod("o2", "h1", true, 2), pod("o3", "h1", true, 3));

        assertThat(ReplicaPlanner.plan(3, "h2", ROLLING, old)).isEqualTo(new ReplicaPlan(1, List.of()));

        List<PodView> surgedNotReady = List.of(old.get(0), old.get(1), old.get(2), pod("n1", "h2", false, 4));
        assertThat(ReplicaPlanner.plan(3, "h2", ROLLING, surgedNotReady)).isEqualTo(new ReplicaPlan(0, List.of()));

        List<PodView> surgedReady = List.of(old.get(0), old.get(1), old.get(2), pod("n1", "h2", true, 4));
        assertThat(ReplicaPlanner.plan(3, "h2", ROLLING, surgedReady)).isEqualTo(new ReplicaPlan(0, List.of("o3")));
    }

    @Test
    void deletesOldPodsThatAreNotReadyAtOnce() {
        List<PodView> pods = List.of(pod("o1", "h1", false, 1), pod("o2", "h1", true, 2));

        assertThat(ReplicaPlanner.plan(2, "h2", ROLLING, pods).delete()).containsExactly("o1");
    }

    @Test
    void recreateDeletesEveryOldPodBeforeCreatingNewOnes() {
        List<PodView> pods = List.of(pod("o1", "h1", true, 1), pod("o2", "h1", true, 2));
        ReplicaPlanner.Strategy recreate = ReplicaPlanner.Strategy.recreating();

        assertThat(ReplicaPlanner.plan(2, "h2", recreate, pods)).isEqualTo(new ReplicaPlan(0, List.of("o1", "o2")));
        assertThat(ReplicaPlanner.plan(2, "h2", recreate, List.of(terminating("o1", "h1"))))
                .isEqualTo(new ReplicaPlan(0, List.of()));
        assertThat(ReplicaPlanner.plan(2, "h2", recreate, List.of())).isEqualTo(new ReplicaPlan(2, List.of()));
    }

    @Test
    void resolvesPercentagesAgainstTheReplicas() {
        assertThat(ReplicaController.strategy(null, 10)).isEqualTo(ReplicaPlanner.Strategy.rollingUpdate(3, 2));
        assertThat(ReplicaController.strategy(null, 1)).isEqualTo(ReplicaPlanner.Strategy.rollingUpdate(1, 0));
        assertThat(ReplicaController.strategy(null, 0)).isEqualTo(new ReplicaPlanner.Strategy(false, 1, 0));
    }
}
