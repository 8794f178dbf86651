package io.asyncservice.sidecar.kafka;

import static io.asyncservice.sidecar.kafka.KafkaTestSupport.committed;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.kafka;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.readAll;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.text;
import static io.asyncservice.sidecar.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.asyncservice.testing.UniqueNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka {@code unordered} with concurrency 16: the committed offsets never pass an unfinished message. A separate
 * process ({@link KafkaCrashWorker}) is killed with SIGKILL mid-run; at that moment every input below the committed
 * offset must already have its output, and after a restart every input has one: nothing was skipped.
 */
class KafkaCrashIT {

    private static final int MESSAGES = 2000;
    private static final int PARTITIONS = 4;

    private final String input = UniqueNames.of("it-crash-in");
    private final String output = UniqueNames.of("it-crash-out");
    private final String group = UniqueNames.of("it-crash-grp");
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        KafkaTestSupport.deleteGroups(group);
        kafka().deleteTopic(input);
        kafka().deleteTopic(output);
    }

    @Test
    void killingTheConsumerMidRunSkipsNothing() throws Exception {
        kafka().createTopic(input, PARTITIONS);
        kafka().createTopic(output, 1);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer()) {
            for (int i = 0; i < MESSAGES; i++) {
                producer.send(new ProducerRecord<>(input, i % PARTITIONS, utf8("id-" + i), utf8("body-" + i)));
            }
            producer.flush();
        }
        Map<TopicPartition, Map<Long, String>> inputIds = inputIdsByOffset();

        Process first = startWorker(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> outputCount() >= MESSAGES / 4);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // At the moment of the kill: whatever lies below a committed offset must have been completed (has an output).
        Map<Integer, Long> committedAtKill = committed(group);
        Set<String> outputsAtKill = outputIds(readAll(output, (int) outputCount(), Duration.ofSeconds(30)));
        int belowCommit = 0;
        int doneAboveCommit = 0;
        for (Map.Entry<TopicPartition, Map<Long, String>> p : inputIds.entrySet()) {
            long commit = committedAtKill.getOrDefault(p.getKey().partition(), 0L);
            for (Map.Entry<Long, String> record : p.getValue().entrySet()) {
                if (record.getKey() < commit) {
                    belowCommit++;
                    assertThat(outputsAtKill).as("input %s@%d lies below the committed offset %d", p.getKey(), record.getKey(),
                            commit).contains(record.getValue());
                } else if (outputsAtKill.contains(record.getValue())) {
                    doneAboveCommit++;
                }
            }
        }
        assertThat(belowCommit).as("the kill came after some commits, so the check above checked something").isPositive();
        assertThat(belowCommit).as("the kill came before everything was committed").isLessThan(MESSAGES);

        Process second = startWorker(2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> outputCount() >= MESSAGES);
        List<ConsumerRecord<byte[], byte[]>> outputs = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            outputs.clear();
            outputs.addAll(readAll(output, (int) outputCount(), Duration.ofSeconds(10)));
            return outputIds(outputs).size() == MESSAGES;
        });
        second.destroyForcibly();

        Set<String> expected = inputIds.values().stream().flatMap(m -> m.values().stream()).collect(Collectors.toSet());
        assertThat(outputIds(outputs)).as("every input has an output: nothing was skipped").isEqualTo(expected);
        for (ConsumerRecord<byte[], byte[]> r : outputs) {
            assertThat(text(r.value())).isEqualTo("body-" + text(r.key()).substring(3));
        }
        System.out.printf("kafka crash test: %d inputs, killed after %d outputs (%d below the committed offsets, %d done but not "
                        + "yet committed); %d outputs in the end, %d duplicates%n",
                MESSAGES, outputsAtKill.size(), belowCommit, doneAboveCommit, outputs.size(), outputs.size() - MESSAGES);
    }

    private Process startWorker(int run) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = Path.of("target", "kafka-crash-worker-" + run + ".log");
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                KafkaCrashWorker.class.getName(), kafka().bootstrapServers(), input, group, output)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        processes.add(p);
        return p;
    }

    private Map<TopicPartition, Map<Long, String>> inputIdsByOffset() {
        Map<TopicPartition, Map<Long, String>> ids = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(input, MESSAGES, Duration.ofSeconds(30))) {
            ids.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new java.util.HashMap<>())
                    .put(r.offset(), text(r.key()));
        }
        assertThat(ids.values().stream().mapToInt(Map::size).sum()).isEqualTo(MESSAGES);
        return ids;
    }

    private long outputCount() throws Exception {
        TopicPartition tp = new TopicPartition(output, 0);
        return kafka().admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS).offset();
    }

    private static Set<String> outputIds(List<ConsumerRecord<byte[], byte[]>> outputs) {
        Set<String> ids = new HashSet<>();
        outputs.forEach(r -> ids.add(text(r.key())));
        return ids;
    }
}
