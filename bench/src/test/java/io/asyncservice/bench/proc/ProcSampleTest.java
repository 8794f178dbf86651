package io.asyncservice.bench.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcSampleTest {

    /** A real /proc/<pid>/stat line, with a command name that has a space and a parenthesis in it. */
    private static final String STAT = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 52011 0 3 0 "
            + "1234 567 0 0 20 0 31 0 98765 3000000000 25000 18446744073709551615 1 1 0 0 0 0 0 4096 16796879 0 0 0 17 1 0 0 0 0 0";

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 3200000 kB
            VmHWM:\t  131072 kB
            VmRSS:\t  102400 kB
            Threads:\t31
            """;

    @Test
    void cpuTicksAreUserPlusSystemTime() {
        assertThat(ProcSample.cpuTicksFromStat(STAT)).isEqualTo(1234 + 567);
    }

    @Test
    void residentSetSizesComeFromStatus() {
        ProcSample s = ProcSample.parse(STAT, STATUS);
        assertThat(s.rssKiB()).isEqualTo(102400);
        assertThat(s.rssMiB()).isEqualTo(100.0);
        assertThat(s.peakRssMiB()).isEqualTo(128.0);
        assertThat(ProcSample.kibFromStatus(STATUS, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void coresAreTicksPerSecondOverTheWindow() {
        ProcSample before = new ProcSample(1000, 0, 0);
        ProcSample after = new ProcSample(1000 + 150, 0, 0);
        assertThat(after.coresSince(before, 3.0)).isEqualTo(0.5);
    }

    @Test
    void readsThisProcess() {
        ProcSample s = new ProcessMeter(ProcessHandle.current().pid()).sample();
        assertThat(s.rssKiB()).isPositive();
        assertThat(s.peakRssKiB()).isGreaterThanOrEqualTo(s.rssKiB());
        assertThat(s.cpuTicks()).isPositive();
    }
}
