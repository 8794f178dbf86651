package io.asyncservice.sandbox.pods;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The sandbox's cluster DNS plus Service routing, as the {@link ServiceProxy} asks it: where a cluster host name
 * and port, like {@code name.namespace.svc:8080}, is served on this machine.
 */
public interface ServiceAddresses {

    /**
     * The local address that answers for {@code host:port}, or empty if no Service of the sandbox answers to it.
     * {@code host} is lower case, as the client wrote it (for example {@code echo}, {@code echo.demo},
     * {@code echo.demo.svc} or {@code echo.demo.svc.cluster.local}).
     */
    Optional<InetSocketAddress> resolve(String host, int port);
}
