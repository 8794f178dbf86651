package io.asyncservice.sandbox.e2e;

import io.asyncservice.sandbox.Sandbox;
import io.asyncservice.sandbox.SidecarJar;
import io.asyncservice.sandbox.pods.PodRunnerSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One sandbox (control plane, process kubelet, the operator installed with helm) for every end-to-end class of the
 * test run: the first class that asks for a {@link Sandbox} parameter starts it, and JUnit closes it after the last
 * test. Each class brings its own broker and removes its AsyncServices when done ({@link EndToEndSandbox#close}), so
 * classes do not see each other's pods. Its directory is kept under {@code target/} for reading after a failure.
 */
final class SharedSandbox implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedSandbox.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Running.class, k -> Running.start(), Running.class).sandbox();
    }

    /** The running sandbox, closed by JUnit with the root context. */
    private record Running(Sandbox sandbox) implements ExtensionContext.Store.CloseableResource {

        static Running start() {
            try {
                Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "e2e-sandbox-");
                return new Running(Sandbox.start(work, 0, PodRunnerSettings.defaults(work, SidecarJar.locate())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            sandbox.close();
        }
    }
}
