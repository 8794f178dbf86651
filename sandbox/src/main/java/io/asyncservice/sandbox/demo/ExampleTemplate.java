package io.asyncservice.sandbox.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's example AsyncService for one broker: {@code deploy/examples/<broker>.yaml} pointed at the local
 * broker and scaled from zero. {@code {{KEY}}} placeholders are filled from the broker's values and the
 * {@link #DEFAULTS}, which a test may override (e.g. {@code ECHO_STATUS=400}).
 */
public final class ExampleTemplate {

    /** The knobs of the example, as the demo uses them: a short cooldown so that 0 → N → 0 fits in a minute. */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("ECHO_DELAY_MS", "300"),
            Map.entry("ECHO_FAILURE_RATE", "0"),
            Map.entry("ECHO_STATUS", ""),
            Map.entry("CONCURRENCY", "4"),
            Map.entry("MAX_ATTEMPTS", "5"),
            Map.entry("MAX_REPLICAS", "4"),
            Map.entry("TARGET_BACKLOG", "25"),
            Map.entry("COOLDOWN", "10s"),
            Map.entry("STABILIZATION", "5s"),
            Map.entry("VISIBILITY_TIMEOUT", "20s"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private ExampleTemplate() {
    }

    /** The template's text, e.g. for {@code sqs}. */
    public static String text(String broker) {
        String resource = "/io/asyncservice/sandbox/examples/" + broker + ".yaml";
        try (InputStream in = ExampleTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no example for broker " + broker);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The example with every placeholder filled; values override the defaults. */
    public static String render(String broker, Map<String, String> values) {
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.putAll(values);
        Matcher m = PLACEHOLDER.matcher(text(broker));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = all.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the " + broker + " example needs a value for " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Renders the example into {@code file}, for the user's kubectl, and returns the YAML. */
    public static String write(String broker, Map<String, String> values, Path file) {
        String yaml = render(broker, values);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return yaml;
    }
}
