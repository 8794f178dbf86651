package io.asyncservice.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldedStacksTest {

    private static final String BUSY = FoldedStacksTest.class.getName() + ".busyLoop";

    private static volatile double sink;

    @TempDir
    Path dir;

    @Test
    void foldsTheExecutionSamplesOfARealRecordingRootFirst() throws Exception {
        Path jfr = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(FoldedStacks.EXECUTION_SAMPLE).withPeriod(Duration.ofMillis(10));
            recording.start();
            long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < end) {
                sink = busyLoop(200_000);
            }
            recording.stop();
            recording.dump(jfr);
        }

        FoldedStacks stacks = FoldedStacks.read(jfr);

        assertThat(stacks.samples()).isPositive();
        List<String> busy = stacks.lines().stream().filter(l -> l.contains(BUSY)).toList();
        assertThat(busy).isNotEmpty();
        // Root first, leaf last: the test method calls the busy loop, which calls nothing.
        assertThat(busy).anyMatch(l -> l.matches(".*\\.foldsTheExecutionSamplesOfARealRecordingRootFirst;"
                + "\\Q" + BUSY + "\\E \\d+"));
        assertThat(stacks.lines()).allMatch(l -> l.matches("\\S+ \\d+"));

        assertThat(FoldedStacks.read(jfr, Instant.now(), Instant.MAX).samples()).as("none after the recording").isZero();
        assertThat(FoldedStacks.read(jfr, Instant.MIN, Instant.now()).samples()).isEqualTo(stacks.samples());

        Path folded = dir.resolve("busy.folded");
        stacks.write(folded);
        assertThat(Files.readAllLines(folded)).isEqualTo(stacks.lines());
        TopFrames top = TopFrames.of(stacks, 25);
        assertThat(top.samples()).isEqualTo(stacks.samples());
        assertThat(top.self()).extracting(TopFrames.Frame::method).as("the busy loop runs its own code").contains(BUSY);
    }

    @Test
    void topFramesCountSelfAtTheLeafAndTotalOncePerSample() {
        FoldedStacks stacks = FoldedStacks.of(Map.of("main;a;b", 6L, "main;a", 2L, "main;a;c;a", 2L));

        TopFrames top = TopFrames.of(stacks, 2);

        assertThat(top.samples()).isEqualTo(10);
        assertThat(top.self()).containsExactly(new TopFrames.Frame("b", 6, 60.0), new TopFrames.Frame("a", 4, 40.0));
        assertThat(top.total()).containsExactly(new TopFrames.Frame("a", 10, 100.0),
                new TopFrames.Frame("main", 10, 100.0));
        assertThat(top.render()).startsWith("10 execution samples\n").contains(" 60.00%        6  b");
    }

    @Test
    void frameNamesDropALambdasHiddenClassAddress() {
        assertThat(FoldedStacks.cleanName("a.DeliveryEngine$$Lambda$548+0x00007f2f542c9408.1581878714.run"))
                .isEqualTo("a.DeliveryEngine$$Lambda$548.run");
        assertThat(FoldedStacks.cleanName("a.B$$Lambda$5+0x0000000800c0b000.run")).isEqualTo("a.B$$Lambda$5.run");
        assertThat(FoldedStacks.cleanName("a.B.c")).isEqualTo("a.B.c");
    }

    private static double busyLoop(int n) {
        double x = 0;
        for (int i = 1; i < n; i++) {
            x += Math.sqrt(i) / i;
        }
        return x;
    }
}
