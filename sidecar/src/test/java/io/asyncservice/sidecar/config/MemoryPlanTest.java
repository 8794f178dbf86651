package io.asyncservice.sidecar.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    private static final long HEAP = 128L * 1024 * 1024; // the image's flags at the chart's default memory limit
    private static final int KIB = 1024;

    @Test
    void theDefaultSizesAtConcurrency32FitTheDefaultHeap() {
        MemoryPlan plan = MemoryPlan.of(HEAP, 32, 256 * KIB, 256 * KIB, 0);

        assertThat(plan.concurrency()).isEqualTo(32);
        assertThat(plan.lowered()).isFalse();
    }

    @Test
    void largerLimitsLowerTheConcurrencyAndTheLogLineSaysWhatToDo() {
        MemoryPlan plan = MemoryPlan.of(HEAP, 32, 1024 * KIB, 1024 * KIB, 0);

        assertThat(plan.concurrency()).isEqualTo(10);
        assertThat(plan.explain(32, 1024 * KIB, 1024 * KIB)).isEqualTo("delivery.concurrency 32 lowered to 10: 32 messages "
                + "at delivery.maxMessageSize 1048576 bytes with responses at delivery.maxResponseSize 1048576 bytes may take "
                + "224 MiB of heap, and 76 MiB is for messages; give the sidecar more memory (spec.sidecar.resources) or "
                + "lower the size limits");
    }

    @Test
    void whatTheInputBuffersOnItsOwnIsSetAside() {
        long kafkaBuffers = 12L * 1024 * 1024;

        assertThat(MemoryPlan.of(HEAP, 64, 256 * KIB, 256 * KIB, 0).concurrency()).isEqualTo(43);
        assertThat(MemoryPlan.of(HEAP, 64, 256 * KIB, 256 * KIB, kafkaBuffers).concurrency()).isEqualTo(37);
    }

    @Test
    void neverBelowOneMessage() {
        MemoryPlan plan = MemoryPlan.of(HEAP, 4, 512 * 1024 * KIB, 512 * 1024 * KIB, 0);

        assertThat(plan.concurrency()).isEqualTo(1);
        assertThat(plan.lowered()).isTrue();
    }
}
