package io.asyncservice.api.broker;

import io.asyncservice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The problems found in broker specs, in the order found, each with what kind of problem it is. */
public final class BrokerProblems {

    /** What is wrong: a broker field, or a duration that does not parse. */
    public enum Kind { BROKER, DURATION }

    public record Problem(Kind kind, String message) {
    }

    private final List<Problem> problems = new ArrayList<>();

    public void add(String message) {
        problems.add(new Problem(Kind.BROKER, message));
    }

    /** Adds {@code <field> is required} when the value is missing or blank; returns whether it is there. */
    public boolean required(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field + " is required");
            return false;
        }
        return true;
    }

    /** The duration, the fallback when the text is null, or null (reported) when it is not a duration. */
    public Duration duration(String field, String text, Duration fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return Durations.parse(field, text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(Kind.DURATION, e.getMessage()));
            return null;
        }
    }

    public List<Problem> all() {
        return List.copyOf(problems);
    }

    public List<String> messages() {
        return problems.stream().map(Problem::message).toList();
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }
}
