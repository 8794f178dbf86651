package io.asyncservice.sandbox.pods;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * "Containers whose image matches this pattern run this local command": how the sandbox stands in for pulling an
 * image. E.g. any image with {@code summarizer} or {@code echo} in its name runs the example EchoApp.
 *
 * @param argv    the command line; empty means the container's own {@code command} and {@code args}, run on this
 *                machine (for small tool images such as busybox, whose commands the machine has too)
 * @param portEnv environment variables that get the host port of a named container port (see {@link PortPlan}),
 *                for a program that reads its port from a variable of its own rather than {@code PORT}
 */
public record ImageRule(Pattern image, List<String> argv, Map<String, String> portEnv, String description) {

    /** The operator image's HTTP port (health, readiness, metrics) is set by this variable. */
    static final String OPERATOR_PORT_ENV = "ASVC_HTTP_PORT";

    public ImageRule {
        argv = List.copyOf(argv);
        portEnv = Map.copyOf(portEnv);
    }

    public boolean matches(String imageName) {
        return imageName != null && image.matcher(imageName).find();
    }

    /** Whether the container's own command line runs, rather than {@link #argv()}. */
    boolean runsContainerCommand() {
        return argv.isEmpty();
    }

    /** The example app for any image whose name contains {@code echo} or {@code summarizer}. */
    public static ImageRule echoApp() {
        return new ImageRule(Pattern.compile("(?i)(echo|summarizer)"),
                JavaCommand.mainClass("io.asyncservice.sandbox.app.EchoApp", "64m"), Map.of(), "the sandbox's EchoApp");
    }

    /**
     * The operator's image ({@code .../asyncservice/operator}, any registry and tag): its Main on this JVM's
     * classpath, listening on the host port of its container port {@code http}.
     */
    public static ImageRule operator() {
        return new ImageRule(Pattern.compile("(^|/)asyncservice/operator([:@]|$)"),
                JavaCommand.mainClass("io.asyncservice.operator.Main", "256m"), Map.of(OPERATOR_PORT_ENV, "http"),
                "the operator's Main");
    }

    /** busybox images (the chart's test pod): their own shell command, with this machine's sh and wget. */
    public static ImageRule busybox() {
        return new ImageRule(Pattern.compile("(^|/)busybox([:@]|$)"), List.of(), Map.of(),
                "the container's own command, on this machine");
    }
}
