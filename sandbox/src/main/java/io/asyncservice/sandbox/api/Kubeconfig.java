package io.asyncservice.sandbox.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for the sandbox API: one cluster at a plain-http URL, no credentials, namespace {@code default}. */
public final class Kubeconfig {

    public static final String NAME = "asyncservice-sandbox";

    private Kubeconfig() {
    }

    public static String render(String serverUrl, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    namespace: %3$s
                    user: %1$s
                users:
                - name: %1$s
                  user: {}
                current-context: %1$s
                preferences: {}
                """.formatted(NAME, serverUrl, namespace);
    }

    /** Writes the kubeconfig to {@code file}, creating its directory, and returns the file. */
    public static Path write(Path file, String serverUrl, String namespace) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, render(serverUrl, namespace));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the kubeconfig " + file, e);
        }
    }
}
