package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodIpsTest {

    @TempDir
    Path leases;

    @Test
    void handsOutDistinctAddressesInTurn() {
        PodIps ips = new PodIps("127.10.0.254", 4, leases);

        List<String> handedOut = List.of(ips.reserve(), ips.reserve(), ips.reserve(), ips.reserve());

        assertThat(handedOut).containsExactly("127.10.0.254", "127.10.0.255", "127.10.1.0", "127.10.1.1");
        assertThat(ips.held()).containsExactlyInAnyOrderElementsOf(handedOut);
    }

    @Test
    void aReleasedAddressIsHandedOutAgainOnceTheTurnComesRound() {
        PodIps ips = new PodIps("127.10.0.1", 3, leases);
        String first = ips.reserve();
        ips.release(first);

        assertThat(ips.reserve()).as("not at once: a client still holding it would reach another pod")
                .isEqualTo("127.10.0.2");
        assertThat(ips.reserve()).isEqualTo("127.10.0.3");
        assertThat(ips.reserve()).isEqualTo(first);
        assertThat(ips.held()).containsExactlyInAnyOrder("127.10.0.1", "127.10.0.2", "127.10.0.3");
    }

    @Test
    void aFullRangeSaysSoAndTakesAReleasedAddressAgain() {
        PodIps ips = new PodIps("127.10.0.1", 2, leases);
        String first = ips.reserve();
        ips.reserve();

        assertThatThrownBy(ips::reserve).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no free pod IP among the 2 addresses from 127.10.0.1: "
                        + "2 are held by this sandbox's pods, 0 by other sandboxes on this machine");

        ips.release(first);
        assertThat(ips.reserve()).isEqualTo(first);
    }

    @Test
    void skipsTheAddressesAnotherAllocatorHoldsUntilItReleasesThem() {
        PodIps one = new PodIps("127.10.0.1", 3, leases);
        PodIps other = new PodIps("127.10.0.1", 3, leases);
        String a = one.reserve();
        String b = one.reserve();

        assertThat(other.reserve()).isEqualTo("127.10.0.3");
        assertThatThrownBy(other::reserve).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 are held by this sandbox's pods, 2 by other sandboxes on this machine");

        one.release(a);
        assertThat(other.reserve()).isEqualTo(a);
        other.release(b); // not the other's: ignored
        assertThat(one.held()).containsExactly(b);
    }

    @Test
    void takesOnlyLoopbackAddresses() {
        assertThatThrownBy(() -> new PodIps("10.0.0.1", 2, leases)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodIps("127.255.255.255", 2, leases)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PodIps("127.10.0", 2, leases)).isInstanceOf(IllegalArgumentException.class);
    }
}
