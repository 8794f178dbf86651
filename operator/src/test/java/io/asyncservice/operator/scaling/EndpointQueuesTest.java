package io.asyncservice.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointQueuesTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final EndpointQueues queues = new EndpointQueues(2, executor);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutdown() {
        release.countDown();
        executor.shutdownNow();
    }

    @Test
    void aBusyEndpointQueuesItsReadsAndRunsThemAll() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            queues.submit("slow", () -> {
                block(release);
                ran.add("slow-" + n);
            });
        }
        assertThat(queues.waiting("slow")).isEqualTo(3);

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 5);
        assertThat(ran).containsExactlyInAnyOrder("slow-0", "slow-1", "slow-2", "slow-3", "slow-4");
        assertThat(queues.waiting("slow")).isZero();
    }

    @Test
    void aStuckEndpointLeavesThreadsForTheOthers() {
        for (int i = 0; i < 10; i++) {
            queues.submit("stuck", () -> block(release));
        }

        for (int i = 0; i < 20; i++) {
            int n = i;
            queues.submit("healthy", () -> ran.add("healthy-" + n));
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 20);
        assertThat(queues.waiting("stuck")).isEqualTo(8);
    }

    private static void block(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
