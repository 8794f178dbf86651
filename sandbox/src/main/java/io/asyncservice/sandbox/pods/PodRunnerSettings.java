package io.asyncservice.sandbox.pods;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the {@link LocalPodRunner} runs pods.
 *
 * @param workDir        where each pod gets a directory with its container logs and volumes
 * @param sidecarCommand the command line of the sidecar container, e.g. {@code java -jar async-service-sidecar.jar}
 * @param images         which local command runs which image
 * @param interval       how often the runner compares the API with what runs
 * @param listener       hears every termination step
 */
public record PodRunnerSettings(Path workDir, List<String> sidecarCommand, List<ImageRule> images, Duration interval,
        TerminationListener listener) {

    public PodRunnerSettings {
        sidecarCommand = List.copyOf(sidecarCommand);
        images = List.copyOf(images);
    }

    /**
     * The sidecar from its shaded jar, the EchoApp for echo and summarizer images, the operator's Main for its image,
     * and busybox (the chart's test pod) as its own command on this machine.
     */
    public static PodRunnerSettings defaults(Path workDir, Path sidecarJar) {
        return new PodRunnerSettings(workDir, JavaCommand.jar(sidecarJar, "192m"),
                List.of(ImageRule.echoApp(), ImageRule.operator(), ImageRule.busybox()),
                Duration.ofMillis(500), TerminationListener.none());
    }

    public PodRunnerSettings withSidecarCommand(List<String> command) {
        return new PodRunnerSettings(workDir, command, images, interval, listener);
    }

    public PodRunnerSettings withImages(List<ImageRule> rules) {
        return new PodRunnerSettings(workDir, sidecarCommand, rules, interval, listener);
    }

    public PodRunnerSettings withListener(TerminationListener l) {
        return new PodRunnerSettings(workDir, sidecarCommand, images, interval, l);
    }
}
