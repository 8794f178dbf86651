package io.asyncservice.sidecar.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqsBatcherTest {

    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstCallMayReturn = new CountDownLatch(1);

    private Map<Integer, String> send(List<Integer> batch) {
        batches.add(batch);
        if (batches.size() == 1) {
            try {
                firstCallMayReturn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return batch.contains(13) ? Map.of(batch.indexOf(13), "13 is unlucky") : Map.of();
    }

    @Test
    void aLoneEntryGoesAtOnceAndEntriesQueuedBehindABatchShareTheNextOnes() {
        try (SqsBatcher<Integer> batcher = new SqsBatcher<>("test", 1, this::send, i -> 1)) {
            CompletableFuture<Void> first = batcher.submit(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
            List<CompletableFuture<Void>> rest = IntStream.rangeClosed(1, 25).mapToObj(batcher::submit).toList();

            firstCallMayReturn.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> rest.stream().allMatch(CompletableFuture::isDone));

            assertThat(first).isCompleted();
            assertThat(batches).extracting(List::size).containsExactly(1, 10, 10, 5);
            assertThat(rest.get(12)).as("entry 13 failed in its batch").isCompletedExceptionally();
            assertThat(rest.stream().filter(CompletableFuture::isCompletedExceptionally)).hasSize(1);
        }
    }

    @Test
    void aBatchStaysUnderTheSizeLimit() {
        try (SqsBatcher<Integer> batcher = new SqsBatcher<>("test", 1, this::send, i -> SqsBatcher.MAX_BATCH_BYTES / 3 + 1)) {
            batcher.submit(0);
            await().atMost(Duration.ofSeconds(5)).until(() -> batches.size() == 1);
            List<CompletableFuture<Void>> rest = IntStream.rangeClosed(1, 6).mapToObj(batcher::submit).toList();

            firstCallMayReturn.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> rest.stream().allMatch(CompletableFuture::isDone));
        }
        assertThat(batches).extracting(List::size).containsExactly(1, 2, 2, 2);
    }

    @Test
    void aFailedCallFailsEveryEntryOfItsBatch() {
        try (SqsBatcher<Integer> batcher = new SqsBatcher<>("test", 1, b -> {
            throw new IllegalStateException("endpoint unreachable");
        }, i -> 1)) {
            CompletableFuture<Void> f = batcher.submit(1);
            await().atMost(Duration.ofSeconds(5)).until(f::isDone);
            assertThat(f).isCompletedExceptionally();
        }
    }
}
