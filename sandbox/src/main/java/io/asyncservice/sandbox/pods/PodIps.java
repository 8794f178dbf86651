package io.asyncservice.sandbox.pods;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out pod IPs: one loopback address per local pod, from {@value #FIRST} upwards ({@value #COUNT} addresses, to
 * {@code 127.10.255.254}). On Linux every address of 127.0.0.0/8 is on {@code lo} with no setup, so a pod's
 * {@link PodIpForwards} can listen on {@code <podIP>:<containerPort>} for every pod at once, while its containers keep
 * their {@link PortPlan} host ports on 127.0.0.1.
 *
 * <p>Addresses are handed out in turn, the next one after the last handed out, as Kubernetes' host-local IPAM does,
 * so an address released by a deleted pod is not at once the address of its replacement (a client that still holds
 * the old address finds nothing there rather than another pod); an address is handed out again once the turn comes
 * round. An address is skipped while it is held: by this allocator, by another one in this JVM, or by another
 * process on this machine (a second sandbox, a test run beside {@code ./sandbox/run}). Each held address is a lock
 * on a file named after it in a directory shared by this machine's sandboxes; the operating system releases the
 * lock when the process ends, however it ends.
 */
final class PodIps {

    static final String FIRST = "127.10.0.1";
    static final int COUNT = 65534;

    /** Lease files held by any allocator of this JVM: a second lock on a file this process holds would not fail. */
    private static final Map<Path, FileChannel> HELD_IN_JVM = new ConcurrentHashMap<>();

    private final int first;
    private final int count;
    private final Path leaseDir;
    private final Set<String> mine = ConcurrentHashMap.newKeySet();
    private int next;

    /** The machine's allocator: {@value #FIRST} and the {@value #COUNT} addresses from it. */
    PodIps() {
        this(FIRST, COUNT, Path.of(System.getProperty("java.io.tmpdir"),
                "asyncservice-sandbox-pod-ips-" + System.getProperty("user.name", "user")));
    }

    /**
     * @param first    the first address, in 127.0.0.0/8
     * @param count    how many addresses from it
     * @param leaseDir where the lease files are; allocators with the same directory never hand out the same address
     */
    PodIps(String first, int count, Path leaseDir) {
        this.first = toInt(first);
        if ((this.first >>> 24) != 127 || count < 1 || ((this.first + count - 1) >>> 24) != 127) {
            throw new IllegalArgumentException(count + " addresses from " + first + " are not all in 127.0.0.0/8");
        }
        this.count = count;
        this.leaseDir = leaseDir;
        try {
            Files.createDirectories(leaseDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the pod IP lease directory " + leaseDir, e);
        }
    }

    /** A free address, held until {@link #release}. */
    synchronized String reserve() {
        int elsewhere = 0;
        for (int tried = 0; tried < count; tried++) {
            String ip = toString(first + next);
            next = (next + 1) % count;
            if (mine.contains(ip)) {
                continue;
            }
            if (lease(ip)) {
                mine.add(ip);
                return ip;
            }
            elsewhere++;
        }
        throw new IllegalStateException("no free pod IP among the " + count + " addresses from " + toString(first)
                + ": " + mine.size() + " are held by this sandbox's pods, " + elsewhere
                + " by other sandboxes on this machine (lease files in " + leaseDir + ")");
    }

    /** Gives an address back; one that this allocator does not hold is ignored. */
    synchronized void release(String ip) {
        if (!mine.remove(ip)) {
            return;
        }
        synchronized (HELD_IN_JVM) {
            FileChannel channel = HELD_IN_JVM.remove(leaseDir.resolve(ip));
            if (channel != null) {
                try {
                    channel.close(); // releases the lock
                } catch (IOException ignored) {
                    // the lock goes with the channel anyway
                }
            }
        }
    }

    /** The addresses this allocator holds now. */
    Set<String> held() {
        return Set.copyOf(mine);
    }

    private boolean lease(String ip) {
        synchronized (HELD_IN_JVM) {
            return leaseOnce(leaseDir.resolve(ip));
        }
    }

    private static boolean leaseOnce(Path file) {
        if (HELD_IN_JVM.containsKey(file)) {
            return false;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD_IN_JVM.put(file, channel);
            return true;
        } catch (IOException | OverlappingFileLockException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // not leased either way
                }
            }
            return false;
        }
    }

    private static int toInt(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int value = 0;
        for (String part : parts) {
            int octet = Integer.parseInt(part);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            value = value << 8 | octet;
        }
        return value;
    }

    private static String toString(int ip) {
        return (ip >>> 24) + "." + (ip >>> 16 & 0xff) + "." + (ip >>> 8 & 0xff) + "." + (ip & 0xff);
    }
}
