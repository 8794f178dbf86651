package io.asyncservice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServicesTest {

    @TempDir
    Path root;

    @Test
    void findsTheScriptInTheNearestFolderAbove() throws IOException {
        Path script = Files.createDirectories(root.resolve("dev")).resolve("services");
        Files.writeString(script, "#!/bin/sh\n");
        Path module = Files.createDirectories(root.resolve("sidecar/target"));

        assertThat(LocalServices.findScript(module)).isEqualTo(script);
        assertThat(LocalServices.findScript(root)).isEqualTo(script);
    }

    @Test
    void saysWhereItLookedWhenThereIsNoScript() {
        assertThatThrownBy(() -> LocalServices.findScript(root))
                .hasMessageContaining("no dev/services in " + root)
                .hasMessageContaining("project's checkout");
    }

    @Test
    void theProjectHasTheScript() {
        Path script = LocalServices.findScript(Path.of(System.getProperty("user.dir")));
        assertThat(Files.isExecutable(script)).as("%s is executable", script).isTrue();
    }
}
