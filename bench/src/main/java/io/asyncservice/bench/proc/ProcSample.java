package io.asyncservice.bench.proc;

/**
 * One look at a Linux process through {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}.
 *
 * @param cpuTicks user plus system CPU time, in clock ticks (fields 14 and 15 of {@code stat})
 * @param rssKiB   resident set size now ({@code VmRSS})
 * @param peakRssKiB the highest resident set size so far ({@code VmHWM})
 */
public record ProcSample(long cpuTicks, long rssKiB, long peakRssKiB) {

    /** Linux's USER_HZ, which /proc reports CPU times in; 100 on every mainstream architecture. */
    public static final int TICKS_PER_SECOND = 100;

    /** User plus system ticks from the content of {@code /proc/<pid>/stat}. */
    public static long cpuTicksFromStat(String stat) {
        // The command (field 2) is in parentheses and may hold spaces; count fields after the last ')'.
        String afterCommand = stat.substring(stat.lastIndexOf(')') + 2).trim();
        String[] fields = afterCommand.split("\\s+");
        // afterCommand starts at field 3 (state): utime is field 14, stime field 15.
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }

    /** A {@code kB} line such as {@code VmRSS:   123456 kB} from the content of {@code /proc/<pid>/status}; -1 if absent. */
    public static long kibFromStatus(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key + ":")) {
                String[] parts = line.substring(key.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    public static ProcSample parse(String stat, String status) {
        return new ProcSample(cpuTicksFromStat(stat), kibFromStatus(status, "VmRSS"), kibFromStatus(status, "VmHWM"));
    }

    public double rssMiB() {
        return rssKiB / 1024.0;
    }

    public double peakRssMiB() {
        return peakRssKiB / 1024.0;
    }

    /** The CPU used between {@code earlier} and this sample, in cores (1.0 = one core busy the whole time). */
    public double coresSince(ProcSample earlier, double seconds) {
        return (cpuTicks - earlier.cpuTicks) / (double) TICKS_PER_SECOND / seconds;
    }
}
