package io.asyncservice.sidecar.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the engine did to the doubles, in order, e.g. {@code publish:output:r1}, {@code ack:r1}. */
public final class TestingEventLog {

    private final List<String> events = new CopyOnWriteArrayList<>();

    public void add(String event) {
        events.add(event);
    }

    public List<String> events() {
        return List.copyOf(events);
    }

    public int indexOf(String event) {
        return events.indexOf(event);
    }
}
