package io.asyncservice.sandbox.pods;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that start a JVM like this one: the same {@code java}, small heaps and C1 only, because a sandbox
 * runs two JVMs per pod on a laptop.
 */
public final class JavaCommand {

    /** Options for a child JVM: small, quick to start. */
    public static final List<String> SMALL_JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-XX:-UsePerfData", "-Xshare:auto");

    private JavaCommand() {
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java <options> -cp <this JVM's classpath> <mainClass>}. */
    public static List<String> mainClass(String mainClass, String maxHeap) {
        List<String> argv = new ArrayList<>();
        argv.add(javaBinary());
        argv.addAll(SMALL_JVM);
        argv.add("-Xmx" + maxHeap);
        argv.add("-cp");
        argv.add(classpath());
        argv.add(mainClass);
        return argv;
    }

    /** This JVM's classpath with every entry made absolute, since children run in other directories. */
    public static String classpath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** {@code java <options> -jar <jar>}. */
    public static List<String> jar(Path jar, String maxHeap) {
        List<String> argv = new ArrayList<>();
        argv.add(javaBinary());
        argv.addAll(SMALL_JVM);
        argv.add("-Xmx" + maxHeap);
        argv.add("-jar");
        argv.add(jar.toString());
        return argv;
    }
}
