package io.asyncservice.bench.sidecar;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.v1alpha1.BackoffSpec;
import io.asyncservice.api.v1alpha1.DeliverySpec;
import io.asyncservice.api.v1alpha1.EndpointSpec;
import io.asyncservice.bench.broker.Lane;
import io.asyncservice.testing.FreePorts;

/** The sidecar configuration of a benchmark: a lane's queues, the no-op app, a concurrency. */
public final class SidecarConfigs {

    private SidecarConfigs() {
    }

    public static SidecarConfig of(Lane lane, NoOpApp app, int concurrency, boolean withOutput) {
        SidecarConfig c = new SidecarConfig();
        c.setName("bench");
        c.setNamespace("bench");
        c.setPort(FreePorts.find());
        EndpointSpec e = new EndpointSpec();
        e.setPort(app.port());
        e.setPath(NoOpApp.PATH);
        e.setTimeout("30s");
        e.setReadinessPath(NoOpApp.HEALTH);
        c.setEndpoint(e);
        c.setInput(lane.input());
        if (withOutput) {
            c.setOutput(lane.output());
        } else {
            c.setDeadLetter(lane.deadLetterWithoutOutput());
        }
        DeliverySpec d = new DeliverySpec();
        d.setConcurrency(concurrency);
        d.setMaxAttempts(3);
        BackoffSpec b = new BackoffSpec();
        b.setInitial("100ms");
        b.setMax("1s");
        d.setBackoff(b);
        c.setDelivery(d);
        return c;
    }
}
