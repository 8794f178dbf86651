package io.asyncservice.sandbox.pods;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPortsTest {

    @Test
    void handsOutDistinctPortsBelowTheEphemeralRange() {
        HostPorts ports = new HostPorts();
        Set<Integer> handedOut = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            handedOut.add(ports.reserve());
        }

        assertThat(handedOut).hasSize(200).allMatch(p -> p >= HostPorts.FIRST && p <= HostPorts.LAST);
    }
}
