package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceResolverTest {

    /** No API server: a loopback address is answered without one. */
    private final ServiceResolver resolver = new ServiceResolver(null, List::of);

    @Test
    void aLoopbackAddressSuchAsAPodIpIsItsOwnAddress() {
        assertThat(resolver.resolve("127.10.0.3", 8000)).contains(new InetSocketAddress("127.10.0.3", 8000));
        assertThat(resolver.resolve("127.0.0.1", 7979)).contains(new InetSocketAddress("127.0.0.1", 7979));
    }

    @Test
    void aHostThatIsNeitherALoopbackAddressNorAClusterNameIsNoService() {
        assertThat(resolver.resolve("10.0.0.3", 8000)).isEmpty();
        assertThat(resolver.resolve("127.10.0.300", 8000)).isEmpty();
        assertThat(resolver.resolve("example.com", 80)).isEmpty();
    }
}
