package io.asyncservice.operator.scaling;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps the last status written per service. */
public final class TestingScaleStatusWriter implements ScaleStatusWriter {

    private final Map<ServiceKey, ScaleStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    public ScaleStatus status(ServiceKey key) {
        return statuses.get(key);
    }

    public int writes() {
        return writes.get();
    }

    @Override
    public void write(ScaledService service, ScaleStatus status) {
        statuses.put(service.key(), status);
        writes.incrementAndGet();
    }
}
