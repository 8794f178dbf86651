package io.asyncservice.operator.scaling;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps the Events recorded, as "Type Reason: message" per service. */
public final class TestingScaleEventRecorder implements ScaleEventRecorder {

    public record Recorded(ServiceKey key, String type, String reason, String message) {
    }

    private final List<Recorded> events = new CopyOnWriteArrayList<>();

    public List<Recorded> events(ServiceKey key) {
        return events.stream().filter(e -> e.key().equals(key)).toList();
    }

    public List<String> messages(ServiceKey key, String reason) {
        return events(key).stream().filter(e -> e.reason().equals(reason)).map(Recorded::message).toList();
    }

    @Override
    public void normal(ScaledService service, String reason, String message) {
        events.add(new Recorded(service.key(), "Normal", reason, message));
    }

    @Override
    public void warning(ScaledService service, String reason, String message) {
        events.add(new Recorded(service.key(), "Warning", reason, message));
    }
}
