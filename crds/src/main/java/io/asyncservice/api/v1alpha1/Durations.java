package io.asyncservice.api.v1alpha1;

import java.time.Duration;
import java.util.regex.Matcher;

/** Durations in the API are written as Kubernetes writes them: 500ms, 30s, 5m, 1h30m. */
public final class Durations {

    /** The schema pattern for a duration field. */
    public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

    private static final java.util.regex.Pattern PART = java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses a duration such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException naming the field when the text is not a duration
     */
    public static Duration parse(String field, String text) {
        if (text == null || !text.matches(PATTERN)) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a duration such as 500ms, 30s, 5m or 1h30m");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return total;
    }

    /** Writes a duration the way {@link #parse} reads it, to the millisecond: {@code 4m48s}, {@code 1h30m}, {@code 0s}. */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a negative duration has no written form: " + duration);
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] sizes = {3_600_000, 60_000, 1_000, 1};
        String[] units = {"h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            long n = millis / sizes[i];
            millis %= sizes[i];
            if (n > 0) {
                text.append(n).append(units[i]);
            }
        }
        return text.toString();
    }

    /** Parses {@code text}, or returns {@code fallback} when it is null. */
    public static Duration parseOr(String field, String text, Duration fallback) {
        return text == null ? fallback : parse(field, text);
    }
}
