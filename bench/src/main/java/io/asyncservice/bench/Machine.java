package io.asyncservice.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the numbers were measured on: cores, CPU model, JDK, load. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return "- cores: " + Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
                + "- load average at the start: " + loadAverage() + "\n";
    }

    static String loadAverage() {
        return read("/proc/loadavg").trim();
    }

    private static String cpuModel() {
        for (String line : read("/proc/cpuinfo").split("\n")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            return "unknown";
        }
    }
}
