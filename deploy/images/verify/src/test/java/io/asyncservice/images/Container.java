package io.asyncservice.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in an unpacked image the way a container runtime would, without one: its own mount and pid
 * namespaces ({@code unshare}), /proc and /dev mounted, {@code chroot} into the image's root filesystem as the image's
 * user, with the image's environment only. The network is the host's, so loopback servers of the test are reachable.
 * Needs root; {@link #available()} says whether this machine can.
 */
final class Container implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Container(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Whether this process may create namespaces and chroot (root with unshare and chroot on the PATH). */
    static boolean available() {
        try {
            Process p = new ProcessBuilder("unshare", "--mount", "--pid", "--fork", "true")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.isExecutable(Path.of("/usr/sbin/chroot"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code command} (e.g. the image's entrypoint) in {@code image}, with its env plus {@code extraEnv}. */
    static Container start(ImageTarball image, List<String> command, Map<String, String> extraEnv, Path log) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--pid", "--fork", "--kill-child",
                "--", "/bin/bash", "-c",
                "set -e; root=$1; user=$2; shift 2; "
                        + "/bin/mkdir -p \"$root/proc\" \"$root/dev\"; /bin/mount -t proc proc \"$root/proc\"; /bin/mount --rbind /dev \"$root/dev\"; "
                        + "exec /usr/sbin/chroot --userspec=\"$user\" \"$root\" \"$@\"",
                "container", image.rootfs.toString(), image.user()));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        // The image's environment only, as a runtime would give it; chroot resolves the command on its PATH.
        builder.environment().clear();
        for (String e : image.env()) {
            int eq = e.indexOf('=');
            builder.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        builder.environment().putAll(extraEnv);
        try {
            return new Container(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JVM's pid: the one process in the container, a child of unshare. */
    Optional<ProcessHandle> main() {
        return process.toHandle().children().findFirst();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The resident set size of the container's JVM, in KiB, from /proc. */
    long rssKib() {
        ProcessHandle jvm = main().orElseThrow(() -> new IllegalStateException("no process in the container"));
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(jvm.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + jvm.pid());
    }

    /** CPU time the container's JVM used so far. */
    java.time.Duration cpu() {
        return main().flatMap(h -> h.info().totalCpuDuration()).orElse(java.time.Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        main().ifPresent(ProcessHandle::destroy);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
