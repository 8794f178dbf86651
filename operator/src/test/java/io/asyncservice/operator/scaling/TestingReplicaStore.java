package io.asyncservice.operator.scaling;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployments' replicas in memory; a service without an entry has no Deployment. */
public final class TestingReplicaStore implements ReplicaStore {

    private final Map<ServiceKey, Integer> replicas = new ConcurrentHashMap<>();
    private final List<String> writes = new CopyOnWriteArrayList<>();

    public void set(ServiceKey key, int count) {
        replicas.put(key, count);
    }

    public Integer replicas(ServiceKey key) {
        return replicas.get(key);
    }

    /** Every write, as "namespace/name=replicas". */
    public List<String> writes() {
        return writes;
    }

    @Override
    public OptionalInt read(ScaledService service) {
        Integer n = replicas.get(service.key());
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    @Override
    public void write(ScaledService service, int count) {
        replicas.put(service.key(), count);
        writes.add(service.key() + "=" + count);
    }
}
