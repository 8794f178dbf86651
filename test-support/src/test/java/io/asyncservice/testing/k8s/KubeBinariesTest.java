package io.asyncservice.testing.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeBinariesTest {

    @Test
    void theDirectoryIsTheLastLineTheBuildScriptPrints() {
        assertThat(KubeBinaries.lastLine("go: downloading k8s.io/api\n/cache/k8s/1.34.4-etcd3.6.5\n\n"))
                .isEqualTo("/cache/k8s/1.34.4-etcd3.6.5");
        assertThat(KubeBinaries.lastLine("")).isEmpty();
    }

    @Test
    void theRepoRootIsTheNearestFolderWithMvnwAndTheScript(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("mvnw"));
        Files.createDirectories(dir.resolve("test-support/k8s"));
        Files.createFile(dir.resolve(KubeBinaries.BUILD_SCRIPT));
        Path module = Files.createDirectories(dir.resolve("operator/target"));

        assertThat(KubeBinaries.repoRoot(module)).isEqualTo(dir);
        assertThat(KubeBinaries.repoRoot(dir)).isEqualTo(dir);
    }

    @Test
    void withoutTheScriptItSaysWhatToDo(@TempDir Path dir) {
        assertThatThrownBy(() -> KubeBinaries.repoRoot(dir)).hasMessageContaining(KubeBinaries.BIN_ENV);
    }
}
