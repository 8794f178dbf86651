package io.asyncservice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD YAML is what the API types generate. When the types change, regenerate it with
 * {@code ./mvnw -pl crds test -Dcrd.update=true} and commit the result.
 */
class CrdDriftTest {

    @Test
    void committedCrdMatchesTheTypes() throws IOException {
        String generated = GeneratedCrd.read(GeneratedCrd.GENERATED);
        if (Boolean.getBoolean("crd.update")) {
            Files.writeString(GeneratedCrd.COMMITTED, generated);
        }
        assertThat(GeneratedCrd.read(GeneratedCrd.COMMITTED))
                .as("crds/%s differs from what the API types generate; run ./mvnw -pl crds test -Dcrd.update=true and commit it",
                        GeneratedCrd.FILE_NAME)
                .isEqualTo(generated);
    }
}
