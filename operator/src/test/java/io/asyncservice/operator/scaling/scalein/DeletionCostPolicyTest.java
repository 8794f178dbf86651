package io.asyncservice.operator.scaling.scalein;

import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.busy;
import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.carrying;
import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.draining;
import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.idle;
import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.loads;
import static io.asyncservice.operator.scaling.scalein.PodLoadFixtures.unreadable;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeletionCostPolicyTest {

    private static final DeletionCostPolicy POLICY = new DeletionCostPolicy();

    static Stream<Arguments> costs() {
        return Stream.of(
                Arguments.of(idle("idle"), "0"),
                Arguments.of(draining("drained", 0, 0), "1"),
                Arguments.of(busy("one-new", 1, 0.2), "1000001"),
                Arguments.of(busy("one-old", 1, 42.9), "1000043"),
                Arguments.of(busy("three", 3, 5), "3000006"),
                Arguments.of(draining("draining-two", 2, 7), "2000008"),
                Arguments.of(busy("a-year-old", 1, 365 * 24 * 3600), "2000000"),
                Arguments.of(busy("thousands", 5000, 10), "2000000011"),
                Arguments.of(busy("everything-at-the-caps", 9999, 1e9), "2001000000"),
                Arguments.of(unreadable("silent"), "2147483647"));
    }

    @ParameterizedTest(name = "{0} costs {1}")
    @MethodSource
    void costs(PodLoad pod, String cost) {
        assertThat(POLICY.costs(loads(pod))).containsExactly(Map.entry(pod.name(), cost));
    }

    @Test
    void idlePodsGoFirstThenTheLeastBusyAndOldestWorkLastAndUnreadablePodsAfterAll() {
        List<PodLoad> pods = List.of(unreadable("u"), busy("b3-10s", 3, 10), busy("b1-60s", 1, 60), idle("i"),
                busy("b3-30s", 3, 30), busy("b1-1s", 1, 1), draining("d0", 0, 0));

        Map<String, String> costs = POLICY.costs(loads(pods.toArray(PodLoad[]::new)));

        assertThat(costs.keySet().stream().sorted(Comparator.comparingInt(name -> Integer.parseInt(costs.get(name)))))
                .as("the order in which the ReplicaSet controller removes them")
                .containsExactly("i", "d0", "b1-1s", "b1-60s", "b3-10s", "b3-30s", "u");
    }

    @Test
    void onlyPodsWhoseCostChangesArePatched() {
        PodLoads loads = loads(
                carrying(idle("already-idle"), "0"),
                carrying(idle("was-busy"), "3000006"),
                idle("never-annotated"),
                carrying(busy("still-busy", 3, 5), "3000006"),
                carrying(busy("older-now", 3, 9), "3000006"),
                carrying(unreadable("still-unreadable"), "2147483647"),
                carrying(unreadable("gone-silent"), "0"),
                carrying(idle("hand-written"), "-5"));

        assertThat(POLICY.patches(loads)).containsExactly(
                Map.entry("gone-silent", "2147483647"),
                Map.entry("hand-written", "0"),
                Map.entry("never-annotated", "0"),
                Map.entry("older-now", "3000010"),
                Map.entry("was-busy", "0"));
    }

    @Test
    void noPodsNoPatches() {
        assertThat(POLICY.patches(PodLoads.none())).isEmpty();
    }

    @Test
    void everyCostIsAnInt32AsKubernetesRequires() {
        costs().map(a -> (PodLoad) a.get()[0]).forEach(pod ->
                assertThat(POLICY.cost(pod)).isBetween(0, Integer.MAX_VALUE));
    }
}
