package io.asyncservice.sandbox.pods;

import io.asyncservice.api.sidecar.SidecarContract;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which local command runs a container, in this order:
 * <ol>
 *   <li>the pod annotation {@code sandbox.asyncservice.io/command.<container>}, or for the container the sidecar
 *       calls, {@code sandbox.asyncservice.io/command}: run with {@code /bin/sh -c "exec <command>"};</li>
 *   <li>the sidecar (the container whose environment has {@code ASVC_CONFIG}): the sidecar command, e.g.
 *       {@code java -jar sidecar/target/async-service-sidecar.jar};</li>
 *   <li>the first {@link ImageRule} that matches the image: its command, or the container's own {@code command}
 *       and {@code args} for a rule that runs those.</li>
 * </ol>
 * A container that matches none cannot run, and its pod says so in its status.
 */
public final class CommandResolver {

    public static final String COMMAND_ANNOTATION = "sandbox.asyncservice.io/command";

    private final List<String> sidecarCommand;
    private final List<ImageRule> images;

    public CommandResolver(List<String> sidecarCommand, List<ImageRule> images) {
        this.sidecarCommand = List.copyOf(sidecarCommand);
        this.images = List.copyOf(images);
    }

    static boolean isSidecar(Container c) {
        return c.getEnv() != null && c.getEnv().stream().anyMatch(e -> SidecarContract.CONFIG_ENV.equals(e.getName()));
    }

    /**
     * @param annotations       the pod's annotations
     * @param endpointContainer whether the sidecar calls this container
     */
    Optional<ResolvedCommand> command(Map<String, String> annotations, Container c, boolean endpointContainer) {
        String own = annotations.get(COMMAND_ANNOTATION + "." + c.getName());
        if (own == null && endpointContainer) {
            own = annotations.get(COMMAND_ANNOTATION);
        }
        if (own != null && !own.isBlank()) {
            return Optional.of(ResolvedCommand.of(List.of("/bin/sh", "-c", "exec " + own)));
        }
        if (isSidecar(c)) {
            return Optional.of(ResolvedCommand.of(sidecarCommand));
        }
        return images.stream().filter(r -> r.matches(c.getImage())).findFirst().flatMap(rule -> {
            if (!rule.runsContainerCommand()) {
                return Optional.of(new ResolvedCommand(rule.argv(), rule.portEnv()));
            }
            List<String> argv = new ArrayList<>();
            if (c.getCommand() != null) {
                argv.addAll(c.getCommand());
            }
            if (c.getArgs() != null) {
                argv.addAll(c.getArgs());
            }
            return argv.isEmpty() ? Optional.empty() : Optional.of(new ResolvedCommand(argv, rule.portEnv()));
        });
    }

    /** Why a container could not be mapped, for its waiting state. */
    static String noCommandMessage(Container c) {
        return "the sandbox runs no image: container " + c.getName() + " (" + c.getImage() + ") matches no image rule;"
                + " give it a local command with the pod template annotation " + COMMAND_ANNOTATION + "." + c.getName();
    }
}
