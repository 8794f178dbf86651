package io.asyncservice.sandbox.pods;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out host ports for local pods from {@value #FIRST}..{@value #LAST}, below Linux's ephemeral range
 * (32768 and up), so that no outgoing connection on the machine can take a port between the moment it is handed
 * out and the moment the pod's process binds it, seconds later for a JVM. A port is handed out once until it is
 * released, and only if it can be bound now on every address ({@code 0.0.0.0}): some containers (the sidecar, the
 * operator) listen on every address, and a port taken on any one address, such as a pod IP's forward of a
 * {@code containerPort} ({@link PodIpForwards}) on 127.10.x.x, would stop them.
 */
final class HostPorts {

    static final int FIRST = 20000;
    static final int LAST = 32000;

    private final Set<Integer> reserved = new HashSet<>();
    private int next = FIRST + ThreadLocalRandom.current().nextInt(LAST - FIRST);

    synchronized int reserve() {
        for (int tried = 0; tried <= LAST - FIRST; tried++) {
            int port = next;
            next = next >= LAST ? FIRST : next + 1;
            if (!reserved.contains(port) && bindable(port)) {
                reserved.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }

    synchronized void release(Collection<Integer> ports) {
        reserved.removeAll(ports);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
