package io.asyncservice.sandbox.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import java.util.ArrayList;
import java.util.List;

/** The port numbers a container's probes and lifecycle hooks name. */
final class ProbePorts {

    private ProbePorts() {
    }

    static List<Integer> numbers(Container c) {
        List<Integer> numbers = new ArrayList<>();
        for (Probe p : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
            if (p != null && p.getHttpGet() != null) {
                add(numbers, p.getHttpGet().getPort());
            }
            if (p != null && p.getTcpSocket() != null) {
                add(numbers, p.getTcpSocket().getPort());
            }
        }
        if (c.getLifecycle() != null) {
            for (LifecycleHandler h : new LifecycleHandler[] {c.getLifecycle().getPreStop(), c.getLifecycle().getPostStart()}) {
                if (h != null && h.getHttpGet() != null) {
                    add(numbers, h.getHttpGet().getPort());
                }
            }
        }
        return numbers;
    }

    private static void add(List<Integer> numbers, IntOrString port) {
        if (port != null && port.getIntVal() != null) {
            numbers.add(port.getIntVal());
        }
    }
}
